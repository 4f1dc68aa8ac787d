import { z } from 'zod'
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '../errors.js'
import { OPERATIONS } from './operations.js'
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS, type Operation } from './schemas.js'

type Json = Record<string, unknown>

export interface OpenApiOptions {
  /** The server's public base URL (PUBLIC_URL); omitted means "the origin serving the document". */
  serverUrl?: string | null
  operations?: Operation[]
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` })

/**
 * Converts one group of named schemas to components. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, which zod 4 emits natively; schemas of the group that nest each other become $refs.
 */
function components(
  schemas: Record<string, z.ZodType>,
  io: 'input' | 'output',
): Record<string, Json> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id })
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

/** Codes an operation can answer with: its own plus those its auth and body imply. */
function errorCodes(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors)
  const add = (...more: ErrorCode[]) => more.forEach((code) => codes.add(code))
  if (op.body) add('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE')
  if (op.auth === 'bearer' || op.auth === 'admin')
    add('AUTH_REQUIRED', 'AUTH_TOKEN_INVALID', 'AUTH_TOKEN_EXPIRED', 'USER_DISABLED')
  if (op.auth === 'admin') add('FORBIDDEN')
  if (op.auth === 'metrics') add('AUTH_REQUIRED', 'AUTH_TOKEN_INVALID')
  codes.add('INTERNAL')
  return [...codes]
}

/** One response per status, its body the error envelope with `code` narrowed to that status's codes. */
function errorResponses(op: Operation): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodes(op))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code])
  const out: Record<string, Json> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    codes.sort()
    const retry = status === 429
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\`: ${ERROR_MESSAGES[c]}`).join('\n\n'),
      ...(retry ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [
              ref('ErrorBody'),
              {
                type: 'object',
                properties: { error: { type: 'object', properties: { code: { enum: codes } } } },
              },
            ],
          },
          // One example per code: renderers otherwise show the first code of the whole union.
          examples: Object.fromEntries(
            codes.map((code) => [
              code,
              {
                summary: code,
                value: {
                  error: {
                    code,
                    message: ERROR_MESSAGES[code],
                    requestId: 'f6a1c2d4-0b9e-4c55-9a51-0c8d2b7e1a3f',
                  },
                },
              },
            ]),
          ),
        },
      },
    }
  }
  return out
}

function successResponse(op: Operation): Record<string, Json> {
  const r = op.response
  const requestId = { 'x-request-id': { $ref: '#/components/headers/RequestId' } }
  if (r.status === 204) return { '204': { description: r.description, headers: requestId } }
  if ('schema' in r) {
    return {
      '200': {
        description: 'OK',
        headers: requestId,
        content: { 'application/json': { schema: ref(r.schema) } },
      },
    }
  }
  const schema = r.contentType === 'application/json' ? { type: 'object' } : { type: 'string' }
  return { '200': { description: r.description, content: { [r.contentType]: { schema } } } }
}

function parameters(op: Operation): Json[] {
  const params: Json[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (op.query) {
    const schema = z.toJSONSchema(op.query, { target: 'draft-2020-12', io: 'input' }) as Json & {
      properties?: Record<string, Json>
      required?: string[]
    }
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      params.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: prop,
      })
    }
  }
  return params
}

function security(op: Operation): Json[] | undefined {
  if (op.auth === 'bearer' || op.auth === 'admin') return [{ bearerAuth: [] }]
  if (op.auth === 'metrics') return [{}, { metricsToken: [] }]
  return undefined
}

function operationObject(op: Operation): Json {
  const params = parameters(op)
  const object: Json = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: security(op),
    parameters: params.length > 0 ? params : undefined,
    requestBody: op.body && {
      required: true,
      content: Object.fromEntries(
        (op.body.contentTypes ?? ['application/json']).map((type) => [
          type,
          { schema: ref(op.body!.schema) },
        ]),
      ),
    },
    responses: { ...successResponse(op), ...errorResponses(op) },
  }
  if (op.auth === 'admin') object['x-required-role'] = 'admin'
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined))
}

/**
 * The OpenAPI 3.1 document of the API, generated from the shared zod schemas and the
 * operation table (STYLE.md 4). Deterministic: the same inputs give the same JSON.
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Json {
  const operations = options.operations ?? OPERATIONS
  const requests = components(REQUEST_SCHEMAS, 'input')
  const responses = components(RESPONSE_SCHEMAS, 'output')
  const clash = Object.keys(requests).find((name) => name in responses)
  if (clash) throw new Error(`OpenAPI: schema name ${clash} is both a request and a response`)

  const paths: Record<string, Json> = {}
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op)

  return {
    openapi: '3.1.0',
    info: {
      title: 'wxlogin API',
      version: '1.0.0',
      description:
        'WeChat mini-program login: code2Session, JWT access tokens, rotating refresh tokens, profile, phone, admin. Every error has the body `{ error: { code, message, requestId, details? } }`; each code has exactly one HTTP status.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'auth', description: 'Sign in, refresh, sign out' },
      { name: 'profile', description: "The signed-in user's own data" },
      { name: 'admin', description: 'User administration (role `admin`)' },
      { name: 'operations', description: 'Health, metrics and this documentation' },
    ],
    paths,
    components: {
      schemas: { ...requests, ...responses },
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
