import { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'

/** What every WeChat API answers: errors come as HTTP 200 with a non-zero errcode. */
export interface WxReply {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

/** Told of every exchange: WeChat's errcode ('0' ok) or timeout / unreachable / http_5xx / malformed. */
export type WxObserver = (call: { endpoint: string; errcode: string; seconds: number }) => void

export interface WxHttpOptions {
  timeoutMs: number
  logger: Logger
  observe?: WxObserver
}

/**
 * One HTTP exchange with WeChat. Never logs the URL: its query carries the AppSecret and codes.
 * Timeouts, refused connections and 5xx gateways are WX_UNAVAILABLE; anything that is not a JSON
 * object is WX_UPSTREAM_ERROR.
 */
export async function wxRequest(
  endpoint: string,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  { timeoutMs, logger, observe }: WxHttpOptions,
): Promise<WxReply> {
  const started = performance.now()
  const outcome = (errcode: string) =>
    observe?.({ endpoint, errcode, seconds: (performance.now() - started) / 1000 })
  let res: Response
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    const reason = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name)
    logger.warn({ endpoint, reason }, 'WeChat unreachable')
    outcome(reason === 'timeout' ? 'timeout' : 'unreachable')
    throw new AppError('WX_UNAVAILABLE', 'WeChat did not answer in time; try again shortly.')
  }
  if (res.status >= 500) {
    await res.body?.cancel()
    logger.warn({ endpoint, httpStatus: res.status }, 'WeChat gateway error')
    outcome('http_5xx')
    throw new AppError('WX_UNAVAILABLE')
  }
  const text = await res.text().catch(() => '')
  let reply: unknown
  try {
    reply = JSON.parse(text)
  } catch {
    reply = undefined
  }
  if (res.status !== 200 || reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    logger.error({ endpoint, httpStatus: res.status }, 'WeChat sent a malformed response')
    outcome('malformed')
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  const { errcode } = reply as WxReply
  outcome(typeof errcode === 'number' ? String(errcode) : '0')
  return reply as WxReply
}
