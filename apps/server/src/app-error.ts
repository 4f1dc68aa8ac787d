import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '@wxlogin/shared/errors'

export interface AppErrorOptions {
  /** Safe to send: per-field validation issues and the like. */
  details?: Record<string, unknown>
  /** Response headers the error needs, e.g. `Retry-After`. */
  headers?: Record<string, string>
  /** The underlying error, logged and never sent. */
  cause?: unknown
}

/**
 * The server's one error type. Its code comes from the closed union in @wxlogin/shared, its
 * status from the one table there; the error middleware renders it.
 */
export class AppError extends Error {
  override readonly name = 'AppError'
  readonly status: number
  readonly details: Record<string, unknown> | undefined
  readonly headers: Record<string, string>

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.status = ERROR_STATUS[code]
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
