import { AppError } from '../../app-error.js'
import type { WxApp } from '../../config.js'
import type { Logger } from '../../logger.js'
import type { Store, UserRecord } from '../../store/store.js'

/**
 * The configured mini-program each user belongs to. A user of one no longer in `WX_APPS` cannot
 * reach WeChat: WX_UPSTREAM_ERROR for them, and an error log for the operator (a configuration
 * problem, not theirs).
 */
export function userApps(apps: readonly WxApp[], logger: Logger) {
  const byId = new Map(apps.map((a) => [a.appId, a]))
  return function appOf(user: { id: string; appId: string }): WxApp {
    const app = byId.get(user.appId)
    if (app) return app
    logger.error(
      { appId: user.appId, userId: user.id },
      "the user's mini-program is no longer configured (WX_APPS)",
    )
    throw new AppError('WX_UPSTREAM_ERROR')
  }
}

/** Ids are opaque, but never long or odd: anything else is simply not found (no store round trip). */
export const PLAUSIBLE_ID = /^[\w-]{1,64}$/

/** The user with this id, or NOT_FOUND (admin routes, whose ids come from the URL). */
export async function findUserOrNotFound(store: Store, id: string): Promise<UserRecord> {
  const user = PLAUSIBLE_ID.test(id) ? await store.users.findById(id) : null
  if (!user) throw new AppError('NOT_FOUND', 'No user with this id.')
  return user
}
