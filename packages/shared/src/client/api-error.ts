import type { ErrorCode } from '../errors.js'

/**
 * Codes the client adds to the server's closed set: `NETWORK_ERROR` when no response arrived,
 * `BAD_RESPONSE` when one arrived but was not a contract response (a proxy's HTML page, say).
 */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE'

/** The one error the API client throws. `status` is 0 when no response arrived. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ClientErrorCode,
    readonly status: number,
    message: string,
    readonly requestId: string | null = null,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError
