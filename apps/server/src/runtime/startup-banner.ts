import type { Config } from '../config.js'

export interface BannerFacts {
  url: string
  simulatorUrl: string | null
  store: 'sqlite' | 'mongodb'
  config: Pick<Config, 'dataDir' | 'mongodbUri' | 'wechat'>
  node: string
  /** Whether the admin console's build is there to serve at /admin. */
  consoleBuilt: boolean
}

/** A MongoDB URI without its credentials. */
function withoutCredentials(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1')
}

/**
 * What a person at a terminal needs after `npm start`: where things are and the first request to
 * try. Written only when stdout is a terminal; logs stay JSON lines (main.ts).
 */
export function startupBanner(f: BannerFacts): string {
  const store =
    f.store === 'sqlite'
      ? `SQLite, ${f.config.dataDir}/wxlogin.db`
      : `MongoDB, ${withoutCredentials(f.config.mongodbUri ?? '')}`
  const rows: [string, string][] = [
    ['API', `${f.url}   (OpenAPI docs: ${f.url}/docs)`],
    [
      'WeChat',
      f.simulatorUrl
        ? `built-in simulator on ${f.simulatorUrl} (no AppSecret set; development only)`
        : f.config.wechat.apiBase,
    ],
    [
      'console',
      f.consoleBuilt
        ? `${f.url}/admin   (sign in: scan its code, or admin:login-link; docs/admin-console.md)`
        : 'not built: pnpm --filter @wxlogin/admin build',
    ],
    ['store', store],
    ['data', f.config.dataDir],
  ]
  if (f.simulatorUrl)
    rows.push([
      'mint a code',
      `curl -s -XPOST ${f.simulatorUrl}/__sim/login-code -H 'content-type: application/json' -d '{}'`,
    ])
  const lines = rows.map(([label, value]) => `    ${label.padEnd(12)}${value}`)
  return [
    '',
    `  wxlogin is running on Node ${f.node}`,
    '',
    ...lines,
    '',
    '  Log in with that code: README.md, "Quick start". Ctrl-C stops. Logs follow as JSON lines.',
    '',
    '',
  ].join('\n')
}
