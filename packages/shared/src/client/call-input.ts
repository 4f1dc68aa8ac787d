import type { BodyInputOf, ParamsOf, QueryInputOf, RouteSpec } from '../api/route.js'
import type { RouteName, Routes } from '../api/routes/index.js'

/** A multipart body is whatever the upload transport understands (a temp path, a Blob). */
type ClientBody<R extends RouteSpec> = R extends { bodyEncoding: 'multipart' }
  ? { file: unknown }
  : BodyInputOf<R>

/** What calling an operation takes: its path parameters, body and query, each only if it has one. */
export type CallInput<K extends RouteName> = ([keyof ParamsOf<Routes[K]>] extends [never]
  ? unknown
  : { params: ParamsOf<Routes[K]> }) &
  (ClientBody<Routes[K]> extends undefined ? unknown : { body: ClientBody<Routes[K]> }) &
  (QueryInputOf<Routes[K]> extends undefined ? unknown : { query?: QueryInputOf<Routes[K]> })

/** The input is optional for operations that need none. */
export type CallArgs<K extends RouteName> =
  Record<never, never> extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>]

/** The loose shape every CallInput has at run time. */
export interface AnyCallInput {
  params?: Record<string, string>
  body?: unknown
  query?: Record<string, unknown>
}
