import type { Middleware } from 'koa'
import { routeOf, type AppState } from '../http/context.js'
import type { Metrics } from './metrics.js'

/**
 * Mounted outside the error middleware, so it sees the status the client got; routes are labelled
 * by template (routeOf).
 */
export function httpMetrics(metrics: Metrics): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = routeOf(ctx)
      metrics.request(
        { method: ctx.method, route, status: ctx.status },
        (performance.now() - started) / 1000,
      )
      // The error middleware has rendered the body by now; DB_UNAVAILABLE is the store's failure.
      const body = ctx.body as { error?: { code?: unknown } } | null | undefined
      if (body?.error?.code === 'DB_UNAVAILABLE') metrics.storeError('DB_UNAVAILABLE')
    }
  }
}
