// The build-time guard for the mp-weixin release: the API base a released mini-program calls
// must be a real HTTPS origin (WeChat only allows HTTPS request domains from its list:
// https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html). Before this,
// an empty or placeholder value silently fell back to http://127.0.0.1:3000 in the bundle.

/** Hosts that are never a deployed API: documentation examples, local and reserved names. */
const PLACEHOLDER_HOST =
  /(^|\.)(example\.(com|net|org)|localhost|test|invalid|local)$|^127\.|^0\.0\.0\.0$|^\[?::1\]?$/

/** Why `value` cannot be a release API base, or null when it can. */
export function releaseApiProblem(name, value) {
  const base = (value ?? '').trim()
  if (!base) return `${name} is empty`
  let url
  try {
    url = new URL(base)
  } catch {
    return `${name} is not a URL: ${JSON.stringify(base)}`
  }
  if (url.protocol !== 'https:')
    return `${name} must be https:// (WeChat calls only HTTPS domains): ${base}`
  if (PLACEHOLDER_HOST.test(url.hostname))
    return `${name} is still a placeholder or local host: ${base}`
  if (url.pathname !== '/' || url.search || url.hash)
    return `${name} must be an origin only (no path): ${base}`
  return null
}

/**
 * Throws (failing the build) when the trial or release API base cannot be used. `env` holds the
 * VITE_* values of the mode being built (.env, .env.production, .env.*.local, the environment).
 */
export function assertReleaseApiBases(env) {
  const problems = ['VITE_API_BASE_RELEASE', 'VITE_API_BASE_TRIAL']
    .map((name) => releaseApiProblem(name, env[name]))
    .filter(Boolean)
  if (problems.length === 0) return
  throw new Error(
    [
      'mp-weixin release build refused:',
      ...problems.map((p) => `  - ${p}`),
      'Set your HTTPS API origins in apps/miniapp/.env.production.local (or the environment).',
      'For a local test build, use `pnpm --filter @wxlogin/miniapp build` (mode "test").',
    ].join('\n'),
  )
}
