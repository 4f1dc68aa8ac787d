/** Where the app finds its API, and (H5 development only) the WeChat simulator. No secrets here. */
export type EnvVersion = 'develop' | 'trial' | 'release'

export interface ApiConfig {
  /** `develop`/`trial`/`release` in WeChat; `h5` in the browser build. */
  env: EnvVersion | 'h5'
  /** API origin without a trailing slash; '' means the page's own origin (H5). */
  apiBase: string
  /** H5 only: the simulator's control API base ('' = same origin, via the dev server's proxy). */
  simBase: string | null
  /** H5 only: the `dev:<name>` user to log in as (defaults to one per browser). */
  devUser: string | null
  /** The mini-program's own appId, sent with wx-login so one server can serve several. */
  appId: string | null
}

/** WeChat DevTools next to `pnpm dev`; only the develop channel falls back to it. */
const DEVELOP_DEFAULT = 'http://127.0.0.1:3000'

// One API per WeChat release channel, fixed at build time (.env / the build's environment).
// Trial and release never fall back to a local server: the release build refuses to run
// without real HTTPS values (scripts/release-api-check.mjs), and a test bundle run as trial or
// release calls nothing (its requests fail) rather than a wrong server.
const MP_API_BASE: Record<EnvVersion, string> = {
  develop: import.meta.env.VITE_API_BASE_DEVELOP || DEVELOP_DEFAULT,
  trial: import.meta.env.VITE_API_BASE_TRIAL ?? '',
  release: import.meta.env.VITE_API_BASE_RELEASE ?? '',
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '')

// #ifdef MP-WEIXIN
function mpConfig(): ApiConfig {
  // https://developers.weixin.qq.com/miniprogram/dev/api/open-api/account-info/wx.getAccountInfoSync.html
  const { miniProgram } = uni.getAccountInfoSync()
  const env: EnvVersion = miniProgram.envVersion in MP_API_BASE ? miniProgram.envVersion : 'release'
  return {
    env,
    apiBase: trimSlash(MP_API_BASE[env]),
    simBase: null,
    devUser: null,
    appId: miniProgram.appId || null,
  }
}
// #endif

// #ifdef H5
function h5Config(): ApiConfig {
  // A deploy-time script may set window.__WXLOGIN_CONFIG__ before the bundle runs (the e2e tests do).
  const runtime = globalThis.__WXLOGIN_CONFIG__ ?? {}
  const simBase = runtime.simBase ?? import.meta.env.VITE_H5_SIM_BASE
  return {
    env: 'h5',
    apiBase: trimSlash(runtime.apiBase ?? import.meta.env.VITE_H5_API_BASE ?? ''),
    simBase: simBase === undefined ? null : trimSlash(simBase),
    devUser: runtime.devUser ?? null,
    appId: null,
  }
}
// #endif

export function apiConfig(): ApiConfig {
  // #ifdef MP-WEIXIN
  return mpConfig()
  // #endif
  // #ifdef H5
  return h5Config()
  // #endif
}
