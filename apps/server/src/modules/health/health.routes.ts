import Router from '@koa/router'
import type { AppState } from '../../http/context.js'
import { AppError } from '../../app-error.js'
import type { Store } from '../../store/store.js'

/** Liveness never touches the database; readiness pings whichever store is active. */
export function healthRoutes(store: Store): Router<AppState> {
  const router = new Router<AppState>()
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  router.get('/readyz', async (ctx) => {
    await store.ping().catch(() => {
      throw new AppError('DB_UNAVAILABLE')
    })
    ctx.body = { status: 'ok' }
  })
  return router
}
