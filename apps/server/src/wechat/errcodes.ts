import { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'

/** WeChat's "system busy": the only errcode worth retrying (WECHAT.md). */
export const WX_BUSY = -1

/** Seconds a client should wait after 45011; WeChat's login quota is per minute. */
const RATE_LIMIT_RETRY_AFTER = '60'

/**
 * jscode2session errcodes → our closed union (WECHAT.md, "Login handshake").
 * 40163 is returned in practice though missing from the docs table; the auth service answers it
 * from the code cache before it ever becomes WX_CODE_USED.
 */
export function loginError(
  endpoint: string,
  errcode: number,
  errmsg: string,
  logger: Logger,
): AppError {
  switch (errcode) {
    case 40029:
      return new AppError('WX_CODE_INVALID')
    case 40163:
      return new AppError('WX_CODE_USED')
    case 45011:
      return new AppError('WX_RATE_LIMITED', undefined, {
        headers: { 'Retry-After': RATE_LIMIT_RETRY_AFTER },
      })
    case 40226:
      return new AppError('WX_USER_BLOCKED')
    case WX_BUSY:
      return new AppError('WX_UNAVAILABLE')
    case 40013:
    case 40125:
      // A configuration error, not the user's: say it loudly (errmsg carries WeChat's rid).
      logger.error(
        { endpoint, errcode, errmsg },
        'WeChat rejected the AppID/AppSecret: check WX_APP_ID/WX_APP_SECRET or WX_APPS',
      )
      return new AppError('WX_UPSTREAM_ERROR')
    default:
      logger.error({ endpoint, errcode, errmsg }, 'WeChat returned an unexpected errcode')
      return new AppError('WX_UPSTREAM_ERROR')
  }
}
