import { AccessTokenReplySchema, readReply, type StableTokenRequest } from '@wxlogin/wechat-wire'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { WxReply } from './wechat-http.js'
import { successOf } from './wx-failure.js'

export interface FetchedAccessToken {
  token: string
  expiresInSeconds: number
}

/**
 * The body of `POST /cgi-bin/stable_token`. Never `force_refresh: true`: that invalidates the
 * token every other instance (and any other system on this AppID) is using (docs/wechat.md, "The server's
 * access_token"). The older GET /cgi-bin/token does the same on every call (WxJava #778, #2803).
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
 */
export const stableTokenBody = (app: WxApp): StableTokenRequest => ({
  grant_type: 'client_credential',
  appid: app.appId,
  secret: app.secret,
  force_refresh: false,
})

/**
 * A stable_token reply → the token, or the AppError the business call should fail with: a bad
 * AppID/AppSecret or IP whitelist is logged loudly, a quota is WX_UNAVAILABLE (errcode table).
 */
export function tokenFromReply(reply: WxReply, app: WxApp, logger: Logger): FetchedAccessToken {
  const read = readReply(AccessTokenReplySchema, reply)
  const { access_token, expires_in } = successOf('stable_token', read, logger, app.appId)
  return { token: access_token, expiresInSeconds: expires_in }
}
