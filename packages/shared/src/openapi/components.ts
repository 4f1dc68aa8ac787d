import { z } from 'zod'
import * as dto from '../dto/index.js'
import { isJsonReply, type RouteSpec } from '../api/route.js'

export type Json = Record<string, unknown>

/** Each DTO schema's component name is its export name in `dto/` (`User`, `WxLoginRequest`…). */
const NAMES = new Map<unknown, string>(
  Object.entries(dto as Record<string, unknown>)
    .filter(([, value]) => value instanceof z.ZodType)
    .map(([name, schema]) => [schema, name]),
)

export function componentName(schema: z.ZodType): string {
  const name = NAMES.get(schema)
  if (!name) throw new Error('OpenAPI: a route uses a body or reply schema not exported from dto/')
  return name
}

export const ref = (schema: z.ZodType): Json => ({
  $ref: `#/components/schemas/${componentName(schema)}`,
})

/**
 * Converts one group of schemas to components. OpenAPI 3.1 schemas are JSON Schema 2020-12,
 * which zod 4 emits natively; schemas of the group that nest each other become $refs.
 */
function convert(schemas: z.ZodType[], io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>()
  for (const schema of new Set(schemas)) registry.add(schema, { id: componentName(schema) })
  const { schemas: out } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  })
  // $schema/$id per component are noise inside an OpenAPI document (its dialect is 2020-12).
  return Object.fromEntries(
    Object.entries(out).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest as Json]),
  )
}

/**
 * The components of the routes: request bodies as clients send them (zod's input side), replies
 * as the server sends them (the output side). A name in both groups would be ambiguous.
 */
export function schemaComponents(routes: readonly RouteSpec[]): Record<string, Json> {
  const requests = convert(
    routes.flatMap((r) => (r.body ? [r.body] : [])),
    'input',
  )
  const replies = convert(
    routes.flatMap((r) => (isJsonReply(r.reply) ? [r.reply] : [])),
    'output',
  )
  const clash = Object.keys(requests).find((name) => name in replies)
  if (clash) throw new Error(`OpenAPI: schema ${clash} is both a request body and a reply`)
  return { ...requests, ...replies }
}
