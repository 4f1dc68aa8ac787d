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

/**
 * The path this app is mounted under inside a host Koa app (`mount('/auth', wxlogin.app)` gives
 * `/auth`), empty when it serves the whole server. koa-mount strips the prefix from `ctx.path`
 * and leaves `ctx.originalUrl` alone, so the prefix is what the original path has in front;
 * this also holds for nested mounts. URLs the app builds for clients (avatars, the docs page,
 * the OpenAPI `servers`) start with it. Only plain path segments count: the prefix lands in HTML
 * and a script of the docs page, and a host that mounts under a parameter (`/:tenant`) would
 * otherwise let the request write them.
 */
const SAFE_PREFIX = /^(\/[\w.~-]+)*$/

export function mountPrefix(ctx: AppContext): string {
  const query = ctx.originalUrl.indexOf('?')
  const original = query === -1 ? ctx.originalUrl : ctx.originalUrl.slice(0, query)
  const prefix =
    original.length > ctx.path.length && original.endsWith(ctx.path)
      ? original.slice(0, original.length - ctx.path.length)
      : ''
  return SAFE_PREFIX.test(prefix) ? prefix : ''
}
