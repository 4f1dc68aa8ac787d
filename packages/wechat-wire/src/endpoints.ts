import type { z } from 'zod'
import {
  AccessTokenReplySchema,
  StableTokenRequestSchema,
  TokenQuerySchema,
} from './access-token.js'
import {
  MediaCheckReplySchema,
  MediaCheckRequestSchema,
  MsgSecCheckReplySchema,
  MsgSecCheckRequestSchema,
} from './content-security.js'
import { ACCESS_TOKEN_ERRCODES } from './errcodes.js'
import {
  CheckSessionQuerySchema,
  Code2SessionQuerySchema,
  Code2SessionReplySchema,
} from './login.js'
import { PhoneNumberReplySchema, PhoneNumberRequestSchema } from './phone.js'
import { WxOkReplySchema } from './reply.js'
import { WxacodeRequestSchema } from './wxacode.js'

export interface WxEndpointSpec {
  readonly method: 'GET' | 'POST'
  /** Under the API base (`https://api.weixin.qq.com`). */
  readonly path: string
  /** Takes the server access_token as `?access_token=…` (never in the body: 47001). */
  readonly accessToken: boolean
  /** The parameters: the query string of a GET, the JSON body of a POST. */
  readonly request: z.ZodType
  /** The success reply; null when it is not JSON (getwxacodeunlimit answers with an image). */
  readonly reply: z.ZodType | null
  /**
   * The errcodes WeChat documents for it (or sends in practice); any other is unexpected. Each is
   * in WX_ERRCODES (a test checks: typing it would make the two tables' types circular).
   */
  readonly errcodes: readonly number[]
}

/**
 * Every WeChat endpoint wxlogin uses, by the name used in logs, metrics labels and the
 * simulator's faults. msg_sec_check, media_check_async and getwxacodeunlimit are declared ahead
 * of their use (content security, scan-to-login).
 */
export const WX_ENDPOINTS = {
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
  jscode2session: {
    method: 'GET',
    path: '/sns/jscode2session',
    accessToken: false,
    request: Code2SessionQuerySchema,
    reply: Code2SessionReplySchema,
    errcodes: [-1, 40029, 40163, 45011, 40226, 40013, 40125],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/checkSessionKey.html
  checksession: {
    method: 'GET',
    path: '/wxa/checksession',
    accessToken: true,
    request: CheckSessionQuerySchema,
    reply: WxOkReplySchema,
    errcodes: [-1, ...ACCESS_TOKEN_ERRCODES, 87009],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
  stable_token: {
    method: 'POST',
    path: '/cgi-bin/stable_token',
    accessToken: false,
    request: StableTokenRequestSchema,
    reply: AccessTokenReplySchema,
    errcodes: [-1, 40013, 40125, 40164, 45009, 45011],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getAccessToken.html
  token: {
    method: 'GET',
    path: '/cgi-bin/token',
    accessToken: false,
    request: TokenQuerySchema,
    reply: AccessTokenReplySchema,
    errcodes: [-1, 40013, 40125, 40164, 45009, 45011],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
  getuserphonenumber: {
    method: 'POST',
    path: '/wxa/business/getuserphonenumber',
    accessToken: true,
    request: PhoneNumberRequestSchema,
    reply: PhoneNumberReplySchema,
    errcodes: [-1, ...ACCESS_TOKEN_ERRCODES, 40029, 40163, 41008, 45011],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
  msg_sec_check: {
    method: 'POST',
    path: '/wxa/msg_sec_check',
    accessToken: true,
    request: MsgSecCheckRequestSchema,
    reply: MsgSecCheckReplySchema,
    errcodes: [-1, ...ACCESS_TOKEN_ERRCODES, 40003, 40129, 43104, 44002, 47001, 61010],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
  // The same request rules as msg_sec_check, so the same errcodes.
  media_check_async: {
    method: 'POST',
    path: '/wxa/media_check_async',
    accessToken: true,
    request: MediaCheckRequestSchema,
    reply: MediaCheckReplySchema,
    errcodes: [-1, ...ACCESS_TOKEN_ERRCODES, 40003, 40129, 43104, 44002, 47001, 61010],
  },
  // https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html
  getwxacodeunlimit: {
    method: 'POST',
    path: '/wxa/getwxacodeunlimit',
    accessToken: true,
    request: WxacodeRequestSchema,
    reply: null,
    errcodes: [-1, ...ACCESS_TOKEN_ERRCODES, 41030, 40169, 45009],
  },
} as const satisfies Record<string, WxEndpointSpec>

export type WxEndpoint = keyof typeof WX_ENDPOINTS
