import { z } from 'zod'
import { okFields } from './reply.js'

/**
 * `GET /sns/jscode2session`: the query the server sends. The AppSecret rides in the query (WeChat's
 * design), which is why no URL of this endpoint is ever logged.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
 */
export const Code2SessionQuerySchema = z.object({
  appid: z.string().min(1),
  secret: z.string().min(1),
  js_code: z.string().min(1),
  grant_type: z.literal('authorization_code'),
})
export type Code2SessionQuery = z.infer<typeof Code2SessionQuerySchema>

/**
 * Its success reply. A reply without `openid` or `session_key` is a failure, whatever else it
 * says (WxJava #657). `unionid` comes only when the mini-program is bound to an Open Platform
 * account; null and "" are tolerated and mean "none".
 */
export const Code2SessionReplySchema = z.looseObject({
  ...okFields,
  openid: z.string().min(1),
  session_key: z.string().min(1),
  unionid: z.string().nullish(),
})
export type Code2SessionReply = z.infer<typeof Code2SessionReplySchema>

/**
 * `GET /wxa/checksession?access_token=…`: is this session_key still the user's current one? The
 * signature is `hmac_sha256(key = session_key as a string, message = "")`. The reply is
 * `{ errcode: 0, errmsg: "ok" }` or 87009.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/checkSessionKey.html
 */
export const CheckSessionQuerySchema = z.object({
  openid: z.string().min(1),
  signature: z.string().min(1),
  sig_method: z.literal('hmac_sha256'),
})
export type CheckSessionQuery = z.infer<typeof CheckSessionQuerySchema>
