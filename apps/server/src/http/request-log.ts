import type { Middleware } from 'koa'
import type { Logger } from '../logger.js'
import { routeOf, type AppState } from './context.js'

/**
 * One JSON line per request: method, route template (never the raw URL with its query, which
 * can carry codes), status, latency, request id and the user id when known.
 */
export function requestLog(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = routeOf(ctx)
      logger.info(
        {
          method: ctx.method,
          route,
          status: ctx.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          requestId: ctx.state.requestId,
          userId: ctx.state.auth?.user.id,
        },
        'request',
      )
    }
  }
}
