import { z } from 'zod'

/**
 * The closed set of error codes of the API (docs/api.md, "Errors"), each with exactly one HTTP status.
 * Server, clients and the OpenAPI document all read this one table.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  WX_CODE_INVALID: 401,
  WX_CODE_USED: 409,
  WX_USER_BLOCKED: 403,
  WX_RATE_LIMITED: 429,
  WX_UPSTREAM_ERROR: 502,
  WX_UNAVAILABLE: 503,
  PHONE_CODE_INVALID: 400,
  AUTH_REQUIRED: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  USER_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONTENT_RISKY: 422,
  RATE_LIMITED: 429,
  DB_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof ERROR_STATUS

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]

export const ErrorCodeSchema = z.enum(ERROR_CODES)

/**
 * Refresh failures after which the stored tokens can never work again: the token is unknown or
 * its session ended, it was replayed (the whole family is revoked), or the account is disabled.
 * A client clears its tokens on these and stops retrying the refresh; whether signing in again
 * can help is the app's call (it cannot for USER_DISABLED).
 */
export const TERMINAL_REFRESH_ERRORS = [
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'USER_DISABLED',
] as const satisfies readonly ErrorCode[]
export type TerminalRefreshError = (typeof TERMINAL_REFRESH_ERRORS)[number]

export function isTerminalRefreshError(code: unknown): code is TerminalRefreshError {
  return (TERMINAL_REFRESH_ERRORS as readonly unknown[]).includes(code)
}

/** Safe, user-presentable default messages (the server may say more, never less safely). */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid.',
  WX_CODE_INVALID: 'The WeChat login code is invalid or expired.',
  WX_CODE_USED: 'The WeChat login code was already used.',
  WX_USER_BLOCKED: 'WeChat has blocked this account from logging in.',
  WX_RATE_LIMITED: 'Too many WeChat logins; try again shortly.',
  WX_UPSTREAM_ERROR: 'WeChat returned an unexpected error.',
  WX_UNAVAILABLE: 'WeChat is unavailable; try again shortly.',
  PHONE_CODE_INVALID: 'The phone number code is invalid, expired or used.',
  AUTH_REQUIRED: 'Sign-in is required.',
  AUTH_TOKEN_INVALID: 'The access token is not valid.',
  AUTH_TOKEN_EXPIRED: 'The access token has expired.',
  REFRESH_TOKEN_INVALID: 'The refresh token is not valid.',
  REFRESH_TOKEN_REUSED:
    'The refresh token was already used; all sessions of this sign-in were revoked.',
  USER_DISABLED: 'This account is disabled.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'This conflicts with existing data.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This content type is not supported.',
  CONTENT_RISKY: 'This text cannot be used; please change it and try again.',
  RATE_LIMITED: 'Too many requests; try again shortly.',
  DB_UNAVAILABLE: 'The service is temporarily unavailable.',
  INTERNAL: 'Something went wrong on our side.',
}

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>
