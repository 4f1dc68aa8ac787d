import type { WxEndpoint } from '@wxlogin/wechat-wire'

/**
 * The WeChat endpoints the simulator answers, as named in faults and stats: the names (and paths)
 * of @wxlogin/wechat-wire, which the server's metrics use too.
 */
export const ENDPOINTS = [
  'jscode2session',
  'stable_token',
  'token',
  'getuserphonenumber',
  'checksession',
  'getwxacodeunlimit',
] as const satisfies readonly WxEndpoint[]

export type Endpoint = (typeof ENDPOINTS)[number]

/**
 * The next `times` calls (default 1) to `endpoint` wait `delayMs`, then answer with `errcode`
 * (HTTP 200, WeChat-shaped body) or with `httpStatus` (a non-JSON body), or normally if neither.
 */
export interface FaultSpec {
  endpoint: Endpoint
  errcode?: number
  httpStatus?: number
  delayMs?: number
  times?: number
}

export interface AppCredentials {
  appId: string
  secret: string
}

export interface LoginCodeInput {
  openid?: string
  unionid?: string
  appId?: string
}

export interface PhoneCodeInput {
  openid?: string
  phoneNumber: string
  countryCode?: string
}

export interface SimulatorStats {
  calls: Record<Endpoint, number>
}

export interface SimulatorOptions {
  /** Default 0: a random free port. */
  port?: number
  /** Default '127.0.0.1': loopback only. */
  host?: string
  /** Refuse `dev:<name>` codes (40029), as the real WeChat would. */
  strict?: boolean
  /** When non-empty, appid/secret are checked (40013 / 40125); when empty, any pair is accepted. */
  apps?: AppCredentials[]
  /** Injectable clock (ms since epoch) for expiry tests. Default `Date.now`. */
  now?: () => number
}

export interface Simulator {
  url: string
  port: number
  close(): Promise<void>
  mintLoginCode(input?: LoginCodeInput): { code: string; openid: string }
  mintPhoneCode(input: PhoneCodeInput): { code: string }
  injectFault(f: FaultSpec): void
  clearFaults(): void
  stats(): SimulatorStats
  addApp(app: AppCredentials): void
  /** Forget codes, tokens, session keys, faults and stats (registered apps stay). */
  reset(): void
}
