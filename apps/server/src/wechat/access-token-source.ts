import { AppError } from '../app-error.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import { WX_BUSY } from './errcodes.js'
import type { WxReply } from './wechat-http.js'

export interface FetchedAccessToken {
  token: string
  expiresInSeconds: number
}

/**
 * The body of `POST /cgi-bin/stable_token`. Never `force_refresh: true`: that invalidates the
 * token every other instance (and any other system on this AppID) is using (WECHAT.md, "Server
 * access_token"). The older GET /cgi-bin/token does the same on every call (WxJava #778, #2803).
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html
 */
export const stableTokenBody = (app: WxApp) => ({
  grant_type: 'client_credential',
  appid: app.appId,
  secret: app.secret,
  force_refresh: false,
})

const ENDPOINT = 'stable_token'

/** A stable_token reply → the token, or the AppError the business call should fail with. */
export function tokenFromReply(reply: WxReply, app: WxApp, logger: Logger): FetchedAccessToken {
  const { errcode } = reply
  if (errcode) {
    const errmsg = String(reply.errmsg ?? '')
    switch (errcode) {
      case WX_BUSY:
        throw new AppError('WX_UNAVAILABLE')
      case 40013:
      case 40125:
      case 40164:
        // A configuration error (bad AppID/AppSecret, or this server's IP is not whitelisted):
        // nothing a retry fixes, so say it loudly. errmsg carries WeChat's rid.
        logger.error(
          { endpoint: ENDPOINT, appId: app.appId, errcode, errmsg },
          'WeChat refused the server access_token: check WX_APP_ID/WX_APP_SECRET (or WX_APPS) and the IP whitelist',
        )
        throw new AppError('WX_UPSTREAM_ERROR')
      case 45009:
      case 45011:
        logger.error(
          { endpoint: ENDPOINT, appId: app.appId, errcode, errmsg },
          'WeChat access_token quota reached',
        )
        throw new AppError('WX_UNAVAILABLE')
      default:
        logger.error(
          { endpoint: ENDPOINT, appId: app.appId, errcode, errmsg },
          'WeChat returned an unexpected errcode',
        )
        throw new AppError('WX_UPSTREAM_ERROR')
    }
  }
  const token = reply.access_token
  const expiresIn = reply.expires_in
  if (
    typeof token !== 'string' ||
    token.length === 0 ||
    typeof expiresIn !== 'number' ||
    !(expiresIn > 0)
  ) {
    logger.error(
      { endpoint: ENDPOINT, appId: app.appId },
      'WeChat reply has no access_token/expires_in',
    )
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  return { token, expiresInSeconds: expiresIn }
}
