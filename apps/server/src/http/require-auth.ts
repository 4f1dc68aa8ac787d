import type { Role } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { AppError } from '../app-error.js'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { AccessTokens } from '../tokens/access-token.js'
import { checkSession } from '../tokens/session-policy.js'
import type { AppState } from './context.js'

const BEARER = /^Bearer\s+(\S+)$/i

/**
 * The edge where "not signed in" becomes an error (docs/contributing.md, style rule 9). Besides the token, the session
 * must still be usable (checkSession, the rule refresh follows too: logout and logout-all take
 * effect at once, a disabled account is told so); roles are read from the store, so a revoked
 * admin role stops working immediately.
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
    const check = checkSession('access', session, user, clock.now())
    if (!check.ok) throw check.error
    ctx.state.auth = { user: check.user, session: check.session }
    await next()
  }
}

export function requireRole(role: Role): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.auth?.user.roles.includes(role)) throw new AppError('FORBIDDEN')
    await next()
  }
}
