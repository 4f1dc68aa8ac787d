import { z } from 'zod'
import { okFields } from './reply.js'

/**
 * `POST /cgi-bin/stable_token`. Never `force_refresh: true` from a server: that invalidates the
 * token every other instance (and any other system on this AppID) is using.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
 */
export const StableTokenRequestSchema = z.object({
  grant_type: z.literal('client_credential'),
  appid: z.string().min(1),
  secret: z.string().min(1),
  force_refresh: z.boolean().optional(),
})
export type StableTokenRequest = z.infer<typeof StableTokenRequestSchema>

/**
 * `GET /cgi-bin/token`: the older endpoint, which invalidates the previous token on every call
 * (the cause of 40001 storms: WxJava #778, #2803). The server never calls it; the simulator
 * answers it so that trap can be shown.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getAccessToken.html
 */
export const TokenQuerySchema = z.object({
  grant_type: z.literal('client_credential'),
  appid: z.string().min(1),
  secret: z.string().min(1),
})
export type TokenQuery = z.infer<typeof TokenQuerySchema>

/** Both endpoints' success reply: the token and its remaining life in seconds (≤ 7200). */
export const AccessTokenReplySchema = z.looseObject({
  ...okFields,
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
})
export type AccessTokenReply = z.infer<typeof AccessTokenReplySchema>
