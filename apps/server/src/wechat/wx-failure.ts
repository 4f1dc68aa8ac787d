import { wxOutcome, type WxEndpoint, type WxRead } from '@wxlogin/wechat-wire'
import { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'

/** Where the operator should look when WeChat refuses this server's configuration. */
const CONFIG_HINTS: Partial<Record<WxEndpoint, string>> = {
  jscode2session: 'WeChat rejected the AppID/AppSecret: check WX_APP_ID/WX_APP_SECRET or WX_APPS',
  stable_token:
    'WeChat refused the server access_token: check WX_APP_ID/WX_APP_SECRET (or WX_APPS) and the IP whitelist',
}

/**
 * The AppError an errcode from `endpoint` becomes, logged as loudly as the errcode table
 * (@wxlogin/wechat-wire) says. `errmsg` carries WeChat's rid, worth logging; the fields never
 * carry a code, a secret or a phone number.
 */
export function wxFailure(
  endpoint: WxEndpoint,
  errcode: number,
  errmsg: string,
  logger: Logger,
  appId?: string,
): AppError {
  const outcome = wxOutcome(endpoint, errcode)
  const fields = { endpoint, appId, errcode, errmsg }
  switch (outcome.log) {
    case undefined:
      break
    case 'config-error':
      logger.error(fields, CONFIG_HINTS[endpoint] ?? "WeChat refused this server's configuration")
      break
    case 'quota':
      logger.error(fields, 'WeChat quota reached: calls fail until it resets or is raised')
      break
    case 'bad-request':
      logger.error(fields, 'WeChat refused the request wxlogin sent')
      break
    case 'unexpected':
      logger.error(fields, 'WeChat returned an unexpected errcode')
      break
    default:
      outcome.log satisfies never
  }
  const { retryAfterSeconds } = outcome
  return new AppError(
    outcome.error,
    undefined,
    retryAfterSeconds === undefined
      ? undefined
      : { headers: { 'Retry-After': String(retryAfterSeconds) } },
  )
}

/** The success value of a read reply, or the AppError its errcode (or its shape) becomes. */
export function successOf<T>(
  endpoint: WxEndpoint,
  read: WxRead<T>,
  logger: Logger,
  appId?: string,
): T {
  if (read.kind === 'ok') return read.value
  if (read.kind === 'errcode') throw wxFailure(endpoint, read.errcode, read.errmsg, logger, appId)
  // A reply without openid (or phone_info, or access_token) is a failure, whatever else it says.
  logger.error(
    { endpoint, appId, problems: read.problems },
    'WeChat sent a reply that is not the documented shape',
  )
  throw new AppError('WX_UPSTREAM_ERROR')
}
