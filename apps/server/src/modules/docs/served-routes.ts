import type Router from '@koa/router'
import type { AppState } from '../../http/context.js'

export interface ServedRoute {
  method: string
  /** Koa style: `:id` for a path parameter. */
  path: string
}

/** Every method + path the routers answer (HEAD, which Koa adds to each GET, left out). */
export function servedRoutes(routers: Router<AppState>[]): ServedRoute[] {
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({ method, path: String(layer.path) })),
    ),
  )
}
