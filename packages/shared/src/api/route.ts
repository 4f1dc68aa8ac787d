import type { z } from 'zod'
import type { ErrorCode } from '../errors.js'

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** Who may call: anyone, a signed-in user, an admin, or a scraper holding METRICS_TOKEN (when set). */
export type RouteAuth = 'none' | 'bearer' | 'admin' | 'metrics'

export type RouteTag = 'auth' | 'profile' | 'admin' | 'operations' | 'wechat'

/**
 * How a request body may arrive: JSON only (the default), JSON or an HTML form, multipart, or
 * JSON whatever its Content-Type says (for a sender that mislabels it: WeChat's message push).
 */
export type BodyEncoding = 'json' | 'json-or-form' | 'multipart' | 'json-any-type'

/** A reply without a body (204). */
export interface NoContent {
  readonly kind: 'no-content'
  readonly description: string
}

/** A reply that is not JSON: a page, an image, Prometheus text. The handler writes it itself. */
export interface RawReply {
  readonly kind: 'raw'
  readonly contentType: string
  readonly description: string
}

/**
 * One HTTP operation of the API, declared once. The server registers its handler from it, the
 * OpenAPI document is generated from it, and the client calls it by name.
 */
export interface RouteSpec {
  readonly method: HttpMethod
  /** OpenAPI style: `{id}` for a path parameter. */
  readonly path: `/${string}`
  readonly tag: RouteTag
  readonly summary: string
  readonly description?: string
  readonly auth: RouteAuth
  readonly query?: z.ZodObject
  readonly body?: z.ZodType
  readonly bodyEncoding?: BodyEncoding
  /** The largest body accepted (413 above it); 64 KiB unless the route says otherwise. */
  readonly maxBodyBytes?: number
  /** A JSON schema (200), or no content (204), or a raw non-JSON reply. */
  readonly reply: z.ZodType | NoContent | RawReply
  /** Codes beyond those that `auth` and `body` imply (see openapi/error-codes.ts). */
  readonly errors: readonly ErrorCode[]
}

/** Declares a route, keeping its literal types (path, schemas) for the typed helpers below. */
export const route = <const R extends RouteSpec>(spec: R): R => spec

export const noContent = (description: string): NoContent => ({ kind: 'no-content', description })

export const raw = (contentType: string, description: string): RawReply => ({
  kind: 'raw',
  contentType,
  description,
})

export const isJsonReply = (reply: RouteSpec['reply']): reply is z.ZodType => !('kind' in reply)

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never

/** `{ id: string }` for `/things/{id}`; an empty object for a path without parameters. */
export type ParamsOf<R extends RouteSpec> = { [K in ParamNames<R['path']>]: string }

/** The parsed body a handler receives (`undefined` for a route without one). */
export type BodyOf<R extends RouteSpec> = R extends { body: infer S extends z.ZodType }
  ? z.output<S>
  : undefined

/** The body a client sends. */
export type BodyInputOf<R extends RouteSpec> = R extends { body: infer S extends z.ZodType }
  ? z.input<S>
  : undefined

export type QueryOf<R extends RouteSpec> = R extends { query: infer Q extends z.ZodObject }
  ? z.output<Q>
  : undefined

export type QueryInputOf<R extends RouteSpec> = R extends { query: infer Q extends z.ZodObject }
  ? Partial<z.input<Q>>
  : undefined

/** What the handler returns and the client receives: the JSON reply, or nothing. */
export type ReplyOf<R extends RouteSpec> = R['reply'] extends z.ZodType
  ? z.output<R['reply']>
  : void

/** Path parameter names, in order, of an OpenAPI-style path. */
export const paramNames = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')
