import { AppError } from '../../app-error.js'
import type { RouteHandlers } from '../../http/handler.js'
import type { Store } from '../../store/store.js'

/** Liveness never touches the database; readiness pings whichever store is active. */
export function healthHandlers(store: Store): RouteHandlers<'healthz' | 'readyz'> {
  return {
    healthz: () => ({ status: 'ok' }),
    readyz: async () => {
      await store.ping().catch(() => {
        throw new AppError('DB_UNAVAILABLE')
      })
      return { status: 'ok' }
    },
  }
}
