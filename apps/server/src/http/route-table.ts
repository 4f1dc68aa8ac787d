import Router from '@koa/router'
import {
  isJsonReply,
  routes as ROUTES,
  type RouteAuth,
  type RouteName,
  type RouteSpec,
} from '@wxlogin/shared/api'
import type { Middleware } from 'koa'
import type { AppContext, AppState } from './context.js'
import { parseWith } from './validate.js'
import { readBody } from './read-body.js'
import type { RequestOf, RouteHandlers } from './handler.js'

export interface RouteTableOptions {
  /** The middleware each `auth` level runs before the handler (`none` runs nothing). */
  auth: Record<Exclude<RouteAuth, 'none'>, Middleware<AppState>[]>
  /** Extra middleware per operation, after auth and before the body is read (rate limits). */
  guards?: Partial<Record<RouteName, Middleware<AppState>[]>>
}

/** `{id}` → `:id`. */
const koaPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')

/** A handler as the table sees it at run time, whatever its route. */
type AnyHandler = (req: { [K in keyof RequestOf<RouteSpec>]: unknown }, ctx: AppContext) => unknown

/** Parses what the route declares, calls the handler, and writes its reply. */
function endpoint(spec: RouteSpec, handler: AnyHandler): Middleware<AppState> {
  return async (ctx) => {
    const reply = await handler(
      {
        params: ctx.params,
        query: spec.query ? parseWith(spec.query, ctx.query) : undefined,
        body: await readBody(ctx, spec),
        auth: ctx.state.auth,
        meta: { ip: ctx.ip, userAgent: ctx.get('user-agent') || null },
      },
      ctx,
    )
    if (isJsonReply(spec.reply)) ctx.body = reply
    else if (spec.reply.kind === 'no-content') ctx.status = 204
  }
}

/**
 * One router for the whole API, built from the route table in @wxlogin/shared: each operation is
 * registered once, with its auth, its guards, its body reader and its handler. Koa answers every
 * request with one route lookup.
 */
export function routeTable(
  handlers: RouteHandlers<RouteName>,
  options: RouteTableOptions,
): Router<AppState> {
  const extra = Object.keys(handlers).filter((name) => !Object.hasOwn(ROUTES, name))
  if (extra.length > 0) throw new Error(`handlers without a route: ${extra.join(', ')}`)
  const router = new Router<AppState>()
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const spec: RouteSpec = ROUTES[name]
    const handler = handlers[name] as AnyHandler | undefined
    if (typeof handler !== 'function') throw new Error(`route ${name} has no handler`)
    const auth = spec.auth === 'none' ? [] : options.auth[spec.auth]
    router.register(
      koaPath(spec.path),
      [spec.method],
      [...auth, ...(options.guards?.[name] ?? []), endpoint(spec, handler)],
      { name },
    )
  }
  return router
}
