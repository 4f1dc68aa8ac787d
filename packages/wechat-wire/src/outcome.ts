import { WX_ENDPOINTS, type WxEndpoint } from './endpoints.js'
import { WX_ERRCODES, type WxErrcode, type WxErrcodeEntry, type WxOutcome } from './errcodes.js'

const UNEXPECTED: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'unexpected' }

function entry(errcode: number): WxErrcodeEntry | undefined {
  return Object.hasOwn(WX_ERRCODES, errcode) ? WX_ERRCODES[errcode as WxErrcode] : undefined
}

/**
 * What `errcode` from `endpoint` becomes. An errcode the endpoint does not document is
 * unexpected, even when the table knows it from another endpoint (40029 from stable_token is not
 * a bad login code).
 */
export function wxOutcome(endpoint: WxEndpoint, errcode: number): WxOutcome {
  const documented: readonly number[] = WX_ENDPOINTS[endpoint].errcodes
  const known = documented.includes(errcode) ? entry(errcode) : undefined
  if (!known) return UNEXPECTED
  return known.on?.[endpoint] ?? known.becomes
}

/** Whether WeChat refused the access_token rather than the call (any endpoint taking one). */
export function refusesAccessToken(errcode: unknown): boolean {
  return typeof errcode === 'number' && entry(errcode)?.becomes.action === 'refetch-access-token'
}

/** WeChat's errmsg for `errcode`, as the real API words it. */
export function wxErrmsg(errcode: number): string | undefined {
  return entry(errcode)?.errmsg
}
