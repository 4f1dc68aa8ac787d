import type { Middleware } from 'koa'
import type { AppState } from '../http/context.js'
import type { Metrics } from './metrics.js'

/**
 * Mounted outside the error middleware, so it sees the status the client got. The route label is
 * the matched template (`/api/admin/users/:id`), never the raw path: paths and queries can carry
 * ids and codes, and would make the label set unbounded.
 */
export function httpMetrics(metrics: Metrics): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched'
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
