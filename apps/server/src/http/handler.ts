import type {
  BodyOf,
  ParamsOf,
  QueryOf,
  ReplyOf,
  RouteName,
  RouteSpec,
  Routes,
} from '@wxlogin/shared/api'
import type { AppContext, AuthContext, RequestMeta } from './context.js'
import type { UploadedFile } from './read-body.js'

/** What a handler receives: everything the route declares, parsed and validated. */
export interface RequestOf<R extends RouteSpec> {
  params: ParamsOf<R>
  query: QueryOf<R>
  /** The body per the route's schema; for a multipart route, the uploaded file. */
  body: R extends { bodyEncoding: 'multipart' } ? { file: UploadedFile } : BodyOf<R>
  /** The signed-in caller on bearer and admin routes. */
  auth: R['auth'] extends 'bearer' | 'admin' ? AuthContext : undefined
  meta: RequestMeta
}

/**
 * A route's handler: input and output types come from the route table. It returns the JSON reply
 * (or nothing for a 204); a raw reply (a page, an image) is written to `ctx` by the handler.
 */
export type Handler<R extends RouteSpec> = (
  req: RequestOf<R>,
  ctx: AppContext,
) => ReplyOf<R> | Promise<ReplyOf<R>>

/** Handlers for the operations `K`; a feature module returns the ones it serves. */
export type RouteHandlers<K extends RouteName> = { [P in K]: Handler<Routes[P]> }
