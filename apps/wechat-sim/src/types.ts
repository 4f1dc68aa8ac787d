import type { Suggest, WxEndpoint } from '@wxlogin/wechat-wire'
import type { PushRecord, PushTarget } from './push-sender.js'

export type { PushRecord, PushTarget }

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
  'msg_sec_check',
  'media_check_async',
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

/**
 * How content security answers (`POST /__sim/content-rules`); each call sets the fields it gives.
 * Text containing a risky word is `risky` (label 20001), a review word `review`, else `pass`
 * (case-insensitive). Images get `imageVerdict` (default pass), pushed `pushDelayMs` (default
 * 1000) after media_check_async accepted them.
 */
export interface ContentRules {
  riskyWords?: string[]
  reviewWords?: string[]
  imageVerdict?: Suggest
  pushDelayMs?: number
}

export interface SimulatorStats {
  calls: Record<Endpoint, number>
  /** Message pushes: delivered (the target answered `success`) and given up on after retries. */
  pushes: { delivered: number; failed: number }
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
  /** Forget codes, tokens, session keys, faults, stats and content rules (apps and the push target stay). */
  reset(): void
  setContentRules(rules: ContentRules): void
  /** Where `wxa_media_check` verdicts are pushed; null: nowhere (they are dropped). */
  setPushTarget(target: PushTarget | null): void
  /** Every push so far (the latest 1000), in order. */
  pushes(): readonly PushRecord[]
  /** Resolves once every accepted image check's verdict has been pushed (or given up on). */
  idle(): Promise<void>
}
