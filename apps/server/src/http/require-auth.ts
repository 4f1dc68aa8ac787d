import type { Role } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { AppError } from '../app-error.js'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { AccessTokens } from '../tokens/access-token.js'
import type { AppState } from './context.js'

const BEARER = /^Bearer\s+(\S+)$/i

/**
 * The edge where "not signed in" becomes an error (STYLE.md 9). Besides the token, the session
 * must still be live (logout and logout-all take effect at once) and the account active; roles
 * are read from the store, so a revoked admin role stops working immediately.
 */
export function requireAuth(deps: {
  accessTokens: AccessTokens
  store: Store
  clock: Clock
}): Middleware<AppState> {
  const { accessTokens, store, clock } = deps
  return async (ctx, next) => {
    const match = BEARER.exec(ctx.get('authorization'))
    if (!match?.[1]) throw new AppError('AUTH_REQUIRED')
    const result = accessTokens.verify(match[1])
    if (!result.ok)
      throw new AppError(result.reason === 'expired' ? 'AUTH_TOKEN_EXPIRED' : 'AUTH_TOKEN_INVALID')

    const { sub, sid } = result.claims
    const [session, user] = await Promise.all([
      store.sessions.findById(sid),
      store.users.findById(sub),
    ])
    if (!session || !user || session.userId !== sub)
      throw new AppError('AUTH_TOKEN_INVALID', 'This session has ended; sign in again.')
    // Before the session check: disabling an account revokes its sessions, and its holder should
    // learn why (USER_DISABLED), not be told to sign in again.
    if (user.status === 'disabled') throw new AppError('USER_DISABLED')
    if (session.revokedAt || session.expiresAt <= clock.now())
      throw new AppError('AUTH_TOKEN_INVALID', 'This session has ended; sign in again.')
    ctx.state.auth = { user, session }
    await next()
  }
}

export function requireRole(role: Role): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.auth?.user.roles.includes(role)) throw new AppError('FORBIDDEN')
    await next()
  }
}
