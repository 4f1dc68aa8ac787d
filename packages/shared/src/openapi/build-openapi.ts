import { z } from 'zod'
import { isJsonReply, paramNames, type RouteSpec } from '../api/route.js'
import { routes as ROUTES } from '../api/routes/index.js'
import { ref, schemaComponents, type Json } from './components.js'
import { errorResponses } from './error-responses.js'

export interface OpenApiOptions {
  /** The server's public base URL (PUBLIC_URL); absent means "the origin serving the document". */
  serverUrl?: string | null
  /** The route table (by operation id); the whole API by default. */
  routes?: Record<string, RouteSpec>
}

const requestIdHeader = { 'x-request-id': { $ref: '#/components/headers/RequestId' } }

function successResponse(route: RouteSpec): Record<string, Json> {
  const reply = route.reply
  if (isJsonReply(reply)) {
    return {
      '200': {
        description: 'OK',
        headers: requestIdHeader,
        content: { 'application/json': { schema: ref(reply) } },
      },
    }
  }
  if (reply.kind === 'no-content')
    return { '204': { description: reply.description, headers: requestIdHeader } }
  const schema =
    reply.contentType === 'application/json'
      ? { type: 'object' }
      : reply.contentType.startsWith('text/')
        ? { type: 'string' }
        : { type: 'string', contentMediaType: reply.contentType }
  return {
    '200': {
      description: reply.description,
      headers: requestIdHeader,
      content: { [reply.contentType]: { schema } },
    },
  }
}

function parameters(route: RouteSpec): Json[] {
  const params: Json[] = paramNames(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (route.query) {
    const schema = z.toJSONSchema(route.query, { target: 'draft-2020-12', io: 'input' }) as Json & {
      properties?: Record<string, Json>
      required?: string[]
    }
    for (const [name, prop] of Object.entries(schema.properties ?? {}))
      params.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: prop,
      })
  }
  return params
}

const BODY_TYPES = {
  json: ['application/json'],
  'json-or-form': ['application/json', 'application/x-www-form-urlencoded'],
  multipart: ['multipart/form-data'],
  'json-any-type': ['application/json'],
} as const

/** `security: []` says "public" explicitly; the metrics token is optional (only when configured). */
function security(route: RouteSpec): Json[] {
  if (route.auth === 'bearer' || route.auth === 'admin') return [{ bearerAuth: [] }]
  if (route.auth === 'metrics') return [{}, { metricsToken: [] }]
  return []
}

function operationObject(operationId: string, route: RouteSpec): Json {
  const params = parameters(route)
  const body = route.body
  const object: Json = {
    operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    security: security(route),
    parameters: params.length > 0 ? params : undefined,
    requestBody: body && {
      required: true,
      content: Object.fromEntries(
        BODY_TYPES[route.bodyEncoding ?? 'json'].map((type) => [type, { schema: ref(body) }]),
      ),
    },
    responses: { ...successResponse(route), ...errorResponses(route) },
  }
  if (route.auth === 'admin') object['x-required-role'] = 'admin'
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined))
}

/**
 * The OpenAPI 3.1 document of the API, generated from the route table and the shared zod
 * schemas. Deterministic: the same inputs give the same JSON.
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Json {
  const table: Record<string, RouteSpec> = options.routes ?? ROUTES
  const paths: Record<string, Json> = {}
  for (const [operationId, route] of Object.entries(table))
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationObject(operationId, route)

  return {
    openapi: '3.1.0',
    info: {
      title: 'wxlogin API',
      version: '2.0.0',
      description:
        'WeChat mini-program login: code2Session, JWT access tokens, rotating refresh tokens, profile, phone, admin. Every error has the body `{ error: { code, message, requestId, details? } }`; each code has exactly one HTTP status.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // A relative URL means "where this document is served from".
    servers: [
      options.serverUrl
        ? { url: options.serverUrl }
        : { url: '/', description: 'The server serving this document' },
    ],
    tags: [
      { name: 'auth', description: 'Sign in, refresh, sign out' },
      { name: 'profile', description: "The signed-in user's own data" },
      { name: 'admin', description: 'User administration (role `admin`)' },
      { name: 'operations', description: 'Health, metrics and this documentation' },
      { name: 'wechat', description: "WeChat's calls to this server (message push)" },
    ],
    paths,
    components: {
      schemas: schemaComponents(Object.values(table)),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token from a sign-in or refresh.',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'METRICS_TOKEN, when the server has one configured.',
        },
      },
      headers: {
        RequestId: {
          description: 'The request id (echoes a valid incoming x-request-id).',
          schema: { type: 'string' },
        },
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 0 },
        },
      },
    },
  }
}
