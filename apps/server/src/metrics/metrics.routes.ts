import { createHash, timingSafeEqual } from 'node:crypto'
import type { Middleware } from 'koa'
import { AppError } from '../app-error.js'
import type { AppState } from '../http/context.js'
import type { RouteHandlers } from '../http/handler.js'
import type { Metrics } from './metrics.js'

const BEARER = /^Bearer\s+(\S+)$/i
const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * The `metrics` auth level: public unless METRICS_TOKEN is set; then the scraper sends it as a
 * bearer token (compared in constant time).
 */
export function metricsAuth(token: string | null): Middleware<AppState> {
  const expected = token === null ? null : digest(token)
  return async (ctx, next) => {
    if (expected) {
      const presented = BEARER.exec(ctx.get('authorization'))?.[1]
      if (!presented)
        throw new AppError('AUTH_REQUIRED', 'Send the metrics token as a bearer token.')
      if (!timingSafeEqual(digest(presented), expected))
        throw new AppError('AUTH_TOKEN_INVALID', 'Wrong metrics token.')
    }
    await next()
  }
}

/** GET /metrics on the main port. */
export function metricsHandlers(metrics: Metrics): RouteHandlers<'metrics'> {
  return {
    async metrics(_req, ctx) {
      ctx.type = metrics.registry.contentType
      ctx.body = await metrics.registry.metrics()
    },
  }
}
