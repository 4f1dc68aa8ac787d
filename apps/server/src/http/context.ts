import type { ParameterizedContext } from 'koa'
import type { SessionRecord, UserRecord } from '../store/store.js'

export type { RequestMeta } from '../request-meta.js'

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

/** Client IP (honours X-Forwarded-For only when TRUST_PROXY is set, via Koa's app.proxy). */
export const clientIp = (ctx: AppContext): string => ctx.ip

/**
 * The matched route template (`/things/:id`) for logs and metric labels, never the raw
 * path: paths and queries can carry ids and codes, and would make label sets unbounded.
 */
export const routeOf = (ctx: AppContext): string =>
  (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched'
