import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '../errors.js'
import type { RouteSpec } from '../api/route.js'
import type { Json } from './components.js'

/** Codes an operation can answer with: its own plus those its auth and body imply. */
export function errorCodes(route: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors)
  const add = (...more: ErrorCode[]) => more.forEach((code) => codes.add(code))
  if (route.body) add('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE')
  if (route.query) add('VALIDATION_FAILED')
  if (route.auth === 'bearer' || route.auth === 'admin')
    add('AUTH_REQUIRED', 'AUTH_TOKEN_INVALID', 'AUTH_TOKEN_EXPIRED', 'USER_DISABLED')
  if (route.auth === 'admin') add('FORBIDDEN')
  if (route.auth === 'metrics') add('AUTH_REQUIRED', 'AUTH_TOKEN_INVALID')
  codes.add('INTERNAL')
  return [...codes]
}

/**
 * The error envelope with `code` limited to the given codes: one plain object schema per
 * response (no `allOf` refinement of a shared schema), so every validator reads the examples
 * the same way.
 */
const envelope = (codes: ErrorCode[]): Json => ({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: codes },
        message: { type: 'string', description: 'Safe to show to the user.' },
        requestId: { type: 'string', description: 'The x-request-id of the response.' },
        details: {
          type: 'object',
          additionalProperties: true,
          description: 'Per-field validation issues and the like.',
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
})

const EXAMPLE_REQUEST_ID = 'f6a1c2d4-0b9e-4c55-9a51-0c8d2b7e1a3f'

/** One response per status, each code under its one status, with one example per code. */
export function errorResponses(route: RouteSpec): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodes(route))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code])
  const out: Record<string, Json> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    codes.sort()
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\`: ${ERROR_MESSAGES[c]}`).join('\n\n'),
      headers: {
        'x-request-id': { $ref: '#/components/headers/RequestId' },
        ...(status === 429 ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
      },
      content: {
        'application/json': {
          schema: envelope(codes),
          // One example per code: renderers otherwise show the first code of the whole union.
          examples: Object.fromEntries(
            codes.map((code) => [
              code,
              {
                summary: code,
                value: {
                  error: { code, message: ERROR_MESSAGES[code], requestId: EXAMPLE_REQUEST_ID },
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
