import { createHash, timingSafeEqual } from 'node:crypto'
import Router from '@koa/router'
import { AppError } from '../app-error.js'
import type { AppState } from '../http/context.js'
import type { Metrics } from './metrics.js'

const BEARER = /^Bearer\s+(\S+)$/i
const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * GET /metrics on the main port. Public unless METRICS_TOKEN is set; then the scraper sends it as
 * a bearer token (compared in constant time).
 */
export function metricsRoutes(metrics: Metrics, token: string | null): Router<AppState> {
  const router = new Router<AppState>()
  const expected = token === null ? null : digest(token)
  router.get('/metrics', async (ctx) => {
    if (expected) {
      const presented = BEARER.exec(ctx.get('authorization'))?.[1]
      if (!presented)
        throw new AppError('AUTH_REQUIRED', 'Send the metrics token as a bearer token.')
      if (!timingSafeEqual(digest(presented), expected))
        throw new AppError('AUTH_TOKEN_INVALID', 'Wrong metrics token.')
    }
    ctx.type = metrics.registry.contentType
    ctx.body = await metrics.registry.metrics()
  })
  return router
}
