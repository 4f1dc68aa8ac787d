import type Router from '@koa/router'
import type { ParameterizedContext } from 'koa'
import type { SessionRecord, UserRecord } from '../store/store.js'

/** Who is calling, as established by the auth middleware (never null inside a protected route). */
export interface AuthContext {
  user: UserRecord
  session: SessionRecord
}

export interface AppState {
  requestId: string
  auth?: AuthContext
}

export type AppContext = ParameterizedContext<AppState>
export type AppRouter = Router<AppState>

/** The authenticated caller; only call inside routes mounted behind `requireAuth`. */
export function authOf(ctx: AppContext): AuthContext {
  const auth = ctx.state.auth
  if (!auth) throw new Error('authOf() used on a route without requireAuth')
  return auth
}

/** Client IP (honours X-Forwarded-For only when TRUST_PROXY is set, via Koa's app.proxy). */
export const clientIp = (ctx: AppContext): string => ctx.ip

/**
 * The matched route template (`/api/admin/users/:id`) for logs and metric labels, never the raw
 * path: paths and queries can carry ids and codes, and would make label sets unbounded.
 */
export const routeOf = (ctx: AppContext): string =>
  (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched'
