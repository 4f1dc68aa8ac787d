import { createHmac, randomBytes } from 'node:crypto'
import type {
  AccessTokenReply,
  CheckSessionQuery,
  Code2SessionQuery,
  Code2SessionReply,
  MediaCheckReply,
  MediaCheckRequest,
  MsgSecCheckReply,
  MsgSecCheckRequest,
  PhoneNumberReply,
  PhoneNumberRequest,
  StableTokenRequest,
  TokenQuery,
  WxErrorReply,
  WxOkReply,
} from '@wxlogin/wechat-wire'
import { BoundedMap } from './bounded-map.js'
import { CodeStore } from './code-store.js'
import type { ContentSecurity } from './content-security.js'
import { devOpenid } from './dev-openid.js'
import { TokenStore } from './token-store.js'
import type { AppCredentials, LoginCodeInput, PhoneCodeInput } from './types.js'
import { parseLoginCodeInput, parsePhoneCodeInput } from './validate.js'
import { wxError } from './wx-error.js'

/** wx.login and getPhoneNumber codes live about 5 minutes. */
export const CODE_TTL_MS = 5 * 60 * 1000
const MAX_CODES = 500_000
const MAX_SESSIONS = 200_000
const DEV_PREFIX = 'dev:'
const MAX_DEV_NAME = 64

export interface WechatApiOptions {
  strict: boolean
  apps: readonly AppCredentials[]
  now: () => number
  content: ContentSecurity
}

interface LoginGrant {
  openid: string
  unionid?: string
  /** undefined: valid for any appid (no app registered when it was minted). */
  appId?: string
}

interface PhoneGrant {
  openid?: string
  phoneNumber: string
  countryCode: string
}

/*
 * Requests and replies are typed by @wxlogin/wechat-wire, the schemas the server reads WeChat
 * with: a field renamed or added there fails this build, and every reply is also checked against
 * its schema before it is sent (wechat-routes.ts).
 */

/** A query string's parameters, as received: any may be missing. */
type Params<T> = Partial<Record<keyof T, string>>
/** A JSON body's fields, as received: any may be missing or of the wrong type. */
type Fields<T> = Partial<Record<keyof T, unknown>>

function given(value: string | undefined): value is string {
  return value !== undefined && value !== ''
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The WeChat endpoints' semantics, free of HTTP: each method returns the response body. */
export class WechatApi {
  readonly #strict: boolean
  readonly #now: () => number
  readonly #apps = new Map<string, string>()
  readonly #loginCodes: CodeStore<LoginGrant>
  readonly #phoneCodes: CodeStore<PhoneGrant>
  readonly #tokens: TokenStore
  readonly #content: ContentSecurity
  /** Latest session_key per `${appid}\n${openid}`, for checksession. */
  readonly #sessionKeys = new BoundedMap<string, string>(MAX_SESSIONS)

  constructor(options: WechatApiOptions) {
    this.#strict = options.strict
    this.#now = options.now
    for (const app of options.apps) this.addApp(app)
    const codeOptions = { ttlMs: CODE_TTL_MS, now: options.now, maxSize: MAX_CODES }
    this.#loginCodes = new CodeStore<LoginGrant>(codeOptions)
    this.#phoneCodes = new CodeStore<PhoneGrant>(codeOptions)
    this.#tokens = new TokenStore(options.now)
    this.#content = options.content
  }

  addApp(app: AppCredentials): void {
    this.#apps.set(app.appId, app.secret)
  }

  mintLoginCode(input: LoginCodeInput = {}): { code: string; openid: string } {
    const { openid, unionid, appId } = parseLoginCodeInput(input)
    const grant: LoginGrant = {
      // 'o' + 27 base64url characters: the shape of a real openid.
      openid: openid ?? `o${randomBytes(21).toString('base64url').slice(0, 27)}`,
      unionid,
      appId: appId ?? this.#apps.keys().next().value,
    }
    return { code: this.#loginCodes.mint(grant), openid: grant.openid }
  }

  mintPhoneCode(input: PhoneCodeInput): { code: string } {
    const { openid, phoneNumber, countryCode } = parsePhoneCodeInput(input)
    return {
      code: this.#phoneCodes.mint({ openid, phoneNumber, countryCode: countryCode ?? '86' }),
    }
  }

  reset(): void {
    this.#loginCodes.clear()
    this.#phoneCodes.clear()
    this.#tokens.clear()
    this.#sessionKeys.clear()
    this.#content.resetRules()
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
  jscode2session(p: Params<Code2SessionQuery>): Code2SessionReply | WxErrorReply {
    const refused = this.#checkCredentials(p.appid, p.secret)
    if (refused !== undefined) return refused
    const appId = p.appid as string
    if (!given(p.js_code)) return wxError(41008)
    if (p.grant_type !== 'authorization_code') return wxError(40002)
    const grant = this.#redeemLoginCode(appId, p.js_code)
    if ('errcode' in grant) return grant
    const sessionKey = randomBytes(16).toString('base64')
    this.#sessionKeys.set(`${appId}\n${grant.openid}`, sessionKey)
    // unionid only when there is one: never `unionid: undefined` (WxJava #657).
    return grant.unionid === undefined
      ? { openid: grant.openid, session_key: sessionKey }
      : { openid: grant.openid, session_key: sessionKey, unionid: grant.unionid }
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
  stableToken(body: Fields<StableTokenRequest>): AccessTokenReply | WxErrorReply {
    const appId = text(body.appid)
    const refused = this.#checkCredentials(appId, text(body.secret))
    if (refused !== undefined) return refused
    if (body.grant_type !== 'client_credential') return wxError(40002)
    const force = body.force_refresh
    if (force !== undefined && typeof force !== 'boolean') return wxError(47001, 'force_refresh')
    return this.#tokens.stable(appId as string, force === true)
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getAccessToken.html
  token(p: Params<TokenQuery>): AccessTokenReply | WxErrorReply {
    const refused = this.#checkCredentials(p.appid, p.secret)
    if (refused !== undefined) return refused
    if (p.grant_type !== 'client_credential') return wxError(40002)
    return this.#tokens.plain(p.appid as string)
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
  getUserPhoneNumber(
    accessToken: string | undefined,
    body: Fields<PhoneNumberRequest>,
  ): PhoneNumberReply | WxErrorReply {
    const token = this.#tokenApp(accessToken)
    if ('errcode' in token) return token
    const code = text(body.code)
    if (!given(code)) return wxError(41008)
    const openid = text(body.openid)
    const found = this.#phoneCodes.lookup(code)
    // A login code passed here is simply unknown: 40029 (WxJava #2821).
    if (found.status !== 'fresh') return wxError(40029)
    const grant = found.entry.value
    if (given(openid) && grant.openid !== undefined && grant.openid !== openid)
      return wxError(40029)
    found.entry.used = true
    const phoneNumber =
      grant.countryCode === '86' ? grant.phoneNumber : `+${grant.countryCode}${grant.phoneNumber}`
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber,
        purePhoneNumber: grant.phoneNumber,
        // A string, as WeChat sends it in practice (its docs say number).
        countryCode: grant.countryCode,
        watermark: { timestamp: Math.floor(this.#now() / 1000), appid: token.appId },
      },
    }
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/checkSessionKey.html
  checkSession(p: Params<CheckSessionQuery & { access_token: string }>): WxOkReply | WxErrorReply {
    const token = this.#tokenApp(p.access_token)
    if ('errcode' in token) return token
    if (!given(p.openid)) return wxError(40003)
    if (p.sig_method !== 'hmac_sha256') return wxError(40097, 'sig_method')
    const sessionKey = this.#sessionKeys.get(`${token.appId}\n${p.openid}`)
    if (sessionKey === undefined || !given(p.signature)) return wxError(87009)
    // The key is the session_key string itself, not its base64 decoding (docs/wechat.md).
    const expected = createHmac('sha256', sessionKey).update('').digest('hex')
    return p.signature === expected ? { errcode: 0, errmsg: 'ok' } : wxError(87009)
  }

  /** The server access_token check every `?access_token=` endpoint makes first; undefined when valid. */
  checkAccessToken(accessToken: string | undefined): WxErrorReply | undefined {
    const token = this.#tokenApp(accessToken)
    return 'errcode' in token ? token : undefined
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
  msgSecCheck(
    accessToken: string | undefined,
    body: Fields<MsgSecCheckRequest>,
  ): MsgSecCheckReply | WxErrorReply {
    const token = this.#tokenApp(accessToken)
    return 'errcode' in token ? token : this.#content.msgSecCheck(body)
  }

  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
  mediaCheckAsync(
    accessToken: string | undefined,
    body: Fields<MediaCheckRequest>,
  ): MediaCheckReply | WxErrorReply {
    const token = this.#tokenApp(accessToken)
    return 'errcode' in token ? token : this.#content.mediaCheckAsync(token.appId, body)
  }

  /** The app an access_token (sent in the URL, as WeChat wants it) belongs to. */
  #tokenApp(accessToken: string | undefined): { appId: string } | WxErrorReply {
    if (!given(accessToken)) return wxError(41001)
    const token = this.#tokens.check(accessToken)
    return token.ok ? { appId: token.appId } : wxError(token.errcode)
  }

  #checkCredentials(
    appId: string | undefined,
    secret: string | undefined,
  ): WxErrorReply | undefined {
    if (!given(appId)) return wxError(41002)
    if (!given(secret)) return wxError(41004)
    if (this.#apps.size === 0) return undefined
    const expected = this.#apps.get(appId)
    if (expected === undefined) return wxError(40013)
    return expected === secret ? undefined : wxError(40125)
  }

  #redeemLoginCode(appId: string, code: string): LoginGrant | WxErrorReply {
    if (code.startsWith(DEV_PREFIX)) {
      const name = code.slice(DEV_PREFIX.length)
      if (this.#strict || name.length === 0 || name.length > MAX_DEV_NAME) return wxError(40029)
      return { openid: devOpenid(appId, name) }
    }
    const found = this.#loginCodes.lookup(code)
    if (found.status === 'unknown' || found.status === 'expired') return wxError(40029)
    const grant = found.entry.value
    if (grant.appId !== undefined && grant.appId !== appId) return wxError(40029)
    if (found.status === 'used') return wxError(40163)
    found.entry.used = true
    return grant
  }
}
