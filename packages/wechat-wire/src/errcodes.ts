import type { WxEndpoint } from './endpoints.js'

/*
 * Every WeChat errcode wxlogin handles, what it means and what it becomes for us: this table is
 * the only place that says so (outcome.ts reads it). The server turns an outcome into its error
 * and log line; the simulator answers with the errmsg.
 *
 * WeChat's global return codes:
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 * and each endpoint's page (linked in endpoints.ts) for the ones it documents.
 */

/**
 * The error codes an errcode can become: plain string literals, a subset of the server's closed
 * union (`ErrorCode` in @wxlogin/shared/errors). Declared here rather than imported so that this
 * package depends on zod only and never on the mini-program's contract package; the server's
 * `new AppError(outcome.error)` fails to compile if a code here is not in that union.
 */
export type WxErrorCode =
  | 'WX_CODE_INVALID'
  | 'WX_CODE_USED'
  | 'WX_USER_BLOCKED'
  | 'WX_RATE_LIMITED'
  | 'WX_UPSTREAM_ERROR'
  | 'WX_UNAVAILABLE'
  | 'PHONE_CODE_INVALID'

/** What is done before giving up with the outcome's error. */
export type WxAction =
  /** -1: call again with exponential backoff, a bounded number of times (the only retryable errcode). */
  | 'retry-busy'
  /**
   * The access_token, not the call, was refused: drop the cached token only if it is still the
   * one that failed, obtain one again, call once more. Never a loop, never force_refresh
   * (WxJava #778, #2803; Senparc #3029).
   */
  | 'refetch-access-token'
  /** 40163 on login: a double tap or a retry; answer with the code's first result if cached. */
  | 'served-from-cache'
  /**
   * 61010 on a content check: WeChat judges content only while its author is active in the
   * mini-program (visited in the last ~2 hours) and refuses otherwise. The content is not judged,
   * not refused: the caller holds it for an admin's review instead (docs/content-security.md).
   */
  | 'hold-for-review'

/** Who must hear about it. Absent: nobody, it is the user's own outcome (metrics count it). */
export type WxLog =
  /** The AppID, AppSecret, IP whitelist or a configured page is wrong: no retry fixes it, log loudly. */
  | 'config-error'
  /** A quota ran out: someone must raise it or slow down. */
  | 'quota'
  /** WeChat refused what we sent: a bug here. */
  | 'bad-request'
  /** Not an errcode this endpoint documents. */
  | 'unexpected'

export interface WxOutcome {
  /** What the call fails with once `action`, if any, did not help. */
  readonly error: WxErrorCode
  readonly action?: WxAction
  readonly log?: WxLog
  /** A `Retry-After` for the client, in seconds. */
  readonly retryAfterSeconds?: number
}

export interface WxErrcodeEntry {
  /** WeChat's own wording (the simulator answers with it, followed by `, rid: …`). */
  readonly errmsg: string
  readonly meaning: string
  /** What it becomes on every endpoint that documents it, unless `on` says otherwise. */
  readonly becomes: WxOutcome
  readonly on?: Partial<Record<WxEndpoint, WxOutcome>>
}

const badRequest: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'bad-request' }
const configError: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'config-error' }
const refetchToken: WxOutcome = { error: 'WX_UPSTREAM_ERROR', action: 'refetch-access-token' }
/** A server access_token that cannot be had is WeChat being unavailable to us, not a user's limit. */
const tokenQuota: WxOutcome = { error: 'WX_UNAVAILABLE', log: 'quota' }
const phoneCodeInvalid: WxOutcome = { error: 'PHONE_CODE_INVALID' }

/** The one errcode table. */
export const WX_ERRCODES = {
  [-1]: {
    errmsg: 'system error',
    meaning: 'WeChat is busy; the only errcode worth retrying',
    becomes: { error: 'WX_UNAVAILABLE', action: 'retry-busy' },
  },
  40001: {
    errmsg: 'invalid credential, access_token is invalid or not latest',
    meaning: 'the access_token is not (or no longer) valid, e.g. another system refreshed it',
    becomes: refetchToken,
  },
  40002: { errmsg: 'invalid grant_type', meaning: 'grant_type is wrong', becomes: badRequest },
  40003: {
    errmsg: 'invalid openid',
    meaning: 'openid is not a user of this AppID',
    becomes: badRequest,
  },
  40013: {
    errmsg: 'invalid appid',
    meaning: 'the AppID is wrong',
    becomes: configError,
  },
  40014: {
    errmsg: 'invalid access_token',
    meaning: 'not an access_token',
    becomes: refetchToken,
  },
  40029: {
    // Also what a login code passed to getuserphonenumber gives (WxJava #2821), and what a code
    // of another AppID gives.
    errmsg: 'invalid code',
    meaning: 'the code is unknown, expired or belongs to another AppID',
    becomes: { error: 'WX_CODE_INVALID' },
    on: { getuserphonenumber: phoneCodeInvalid },
  },
  40097: { errmsg: 'invalid args', meaning: 'a parameter is not valid', becomes: badRequest },
  40125: {
    errmsg: 'invalid appsecret',
    meaning: 'the AppSecret is wrong (or was reset in the MP console)',
    becomes: configError,
  },
  40129: { errmsg: 'invalid scene', meaning: 'scene is not 1..4', becomes: badRequest },
  40163: {
    // Returned in practice although missing from code2Session's errcode table: a double tap or
    // a client retry sends the code twice (weRequest #36, WxJava #1323).
    errmsg: 'code been used',
    meaning: 'the code was already exchanged',
    becomes: { error: 'WX_CODE_USED', action: 'served-from-cache' },
    on: { getuserphonenumber: phoneCodeInvalid },
  },
  40164: {
    errmsg: 'invalid ip, not in whitelist',
    meaning: "this server's IP is not in the AppID's IP whitelist",
    becomes: configError,
  },
  40169: {
    errmsg: 'invalid length for scene, or the data is not json',
    meaning: 'scene is longer than 32 characters or not visible ASCII',
    becomes: badRequest,
  },
  40226: {
    errmsg: 'high risk user',
    meaning: 'WeChat blocked this user as high-risk',
    becomes: { error: 'WX_USER_BLOCKED' },
  },
  41001: { errmsg: 'access_token missing', meaning: 'no access_token', becomes: badRequest },
  41002: { errmsg: 'appid missing', meaning: 'no appid', becomes: badRequest },
  41004: { errmsg: 'appsecret missing', meaning: 'no secret', becomes: badRequest },
  41008: {
    errmsg: 'missing code',
    meaning: 'no code',
    becomes: badRequest,
    on: { getuserphonenumber: phoneCodeInvalid },
  },
  41030: {
    errmsg: 'invalid page',
    meaning: 'the page does not exist or is not published (with check_path)',
    becomes: configError,
  },
  42001: {
    errmsg: 'access_token expired',
    meaning: 'the access_token expired',
    becomes: refetchToken,
  },
  43001: { errmsg: 'require GET method', meaning: 'sent with POST', becomes: badRequest },
  43002: { errmsg: 'require POST method', meaning: 'sent with GET', becomes: badRequest },
  43104: {
    errmsg: 'appid and openid not match',
    meaning: 'the openid belongs to another AppID',
    becomes: badRequest,
  },
  44002: { errmsg: 'empty post data', meaning: 'no body', becomes: badRequest },
  45009: {
    errmsg: 'reach max api daily quota limit',
    meaning: "the API's quota for this AppID is used up",
    becomes: tokenQuota,
  },
  45011: {
    errmsg: 'api minute-quota reach limit  mustslower  retry next minute',
    meaning: 'frequency limit (login: about 100 a minute per user)',
    becomes: { error: 'WX_RATE_LIMITED', retryAfterSeconds: 60 },
    on: { stable_token: tokenQuota, token: tokenQuota },
  },
  47001: {
    errmsg: 'data format error',
    meaning: 'the body is not the JSON WeChat expects (e.g. access_token in the body)',
    becomes: badRequest,
  },
  61010: {
    // The author has not used the mini-program lately (text sent from elsewhere, or an old
    // session): WeChat will not judge it. Failing would lock such users out of their profile and
    // letting it through unjudged would be a bypass, so a human judges it instead. If a caller
    // cannot hold content, WeChat was unavailable for this check.
    errmsg: 'user access record expired',
    meaning: 'the user has not visited the mini-program in the last ~2 hours',
    becomes: { error: 'WX_UNAVAILABLE', action: 'hold-for-review' },
  },
  87009: {
    // checksession's "no": the server does not call checksession; the simulator answers it.
    errmsg: 'invalid signature',
    meaning: 'the signature does not match the current session_key',
    becomes: badRequest,
  },
} as const satisfies Record<number, WxErrcodeEntry>

export type WxErrcode = keyof typeof WX_ERRCODES

/** The access-token family: 40001 invalid, 42001 expired, 40014 not a token. */
export const ACCESS_TOKEN_ERRCODES = [40001, 42001, 40014] as const
