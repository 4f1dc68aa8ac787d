/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** mp-weixin API base per WeChat envVersion (see .env). */
  readonly VITE_API_BASE_DEVELOP?: string
  readonly VITE_API_BASE_TRIAL?: string
  readonly VITE_API_BASE_RELEASE?: string
  /** H5 API base for this Vite mode ('' = same origin). */
  readonly VITE_H5_API_BASE?: string
  /** H5 only: where the WeChat simulator's control API is reachable from the page. */
  readonly VITE_H5_SIM_BASE?: string
}

/** H5 only: deploy-time overrides, set by a script before the bundle runs (see README). */
interface WxloginRuntimeConfig {
  apiBase?: string
  simBase?: string
  devUser?: string
  /** 'ask': simulate WeChat's privacy authorization before the avatar and phone stand-ins. */
  privacy?: 'ask'
}

// eslint-disable-next-line no-var -- a global declared for the H5 runtime config
declare var __WXLOGIN_CONFIG__: WxloginRuntimeConfig | undefined
