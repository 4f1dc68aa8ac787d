import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import { AppError, isAppError } from '../app-error.js'
import type { Logger } from '../logger.js'
import type { AppState } from './context.js'

const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/

interface HttpLikeError {
  status?: number
  statusCode?: number
  type?: string
}

/** Errors thrown by Koa, the body parser and friends, translated into the closed union. */
function fromHttpError(err: HttpLikeError): AppError | null {
  const status = err.status ?? err.statusCode
  if (status === 413 || err.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE')
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE')
  // co-body throws a SyntaxError with status 400 (and no `type`) for malformed JSON.
  if (err.type === 'entity.parse.failed' || status === 400) {
    return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON or form data.')
  }
  if (status === 404 || status === 405) return new AppError('NOT_FOUND')
  return null
}

/**
 * Mounted inside the request log and the HTTP metrics (so they see the status the client got),
 * before everything else. Gives every request an id (echoing a valid incoming `x-request-id`) and renders
 * every error as `{ error: { code, message, requestId, details? } }` — the one place errors
 * become HTTP (docs/contributing.md, style rule 3). Unknown errors become INTERNAL: logged, never sent.
 */
export function errorMiddleware(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    const requestId = VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = requestId
    ctx.set('x-request-id', requestId)
    try {
      await next()
      if (ctx.status === 404 && ctx.body == null) throw new AppError('NOT_FOUND')
    } catch (err) {
      let error = isAppError(err) ? err : fromHttpError(err as HttpLikeError)
      if (!error) {
        logger.error({ err, requestId, method: ctx.method, path: ctx.path }, 'unhandled error')
        error = new AppError('INTERNAL')
      } else if (error.code === 'INTERNAL' || error.code === 'DB_UNAVAILABLE') {
        logger.error({ err: error.cause ?? error, requestId, code: error.code }, error.message)
      }
      ctx.status = error.status
      ctx.set(error.headers)
      ctx.body = {
        error: {
          code: error.code,
          message: error.message,
          requestId,
          ...(error.details ? { details: error.details } : {}),
        },
      }
    }
  }
}
