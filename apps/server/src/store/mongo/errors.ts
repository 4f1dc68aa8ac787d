import { AppError, isAppError } from '../../app-error.js'

/**
 * Driver errors meaning "the database cannot be reached right now" (the port's DB_UNAVAILABLE).
 * Mongoose re-wraps server selection as MongooseServerSelectionError; the rest come from the
 * driver as they are.
 */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoOperationTimeoutError',
  'MongoServerClosedError',
])

/** Server codes of the same family: MaxTimeMSExpired, HostUnreachable, HostNotFound, NetworkTimeout, ShutdownInProgress, InterruptedAtShutdown, NotWritablePrimary… */
const UNREACHABLE_CODES = new Set([50, 6, 7, 89, 91, 11600, 10107, 13435, 189])

/**
 * Raw socket errors. The driver (7.8.0) lets some through unwrapped: a command written to a
 * pooled socket the server has just closed fails with a plain `EPIPE` ("This socket has been
 * ended by the other party"), not a MongoNetworkError.
 */
const SOCKET_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined
}

/**
 * What an error wraps: its `cause`, or the `errorResponse` of a MongoBulkWriteError. Inserts go
 * through the driver's bulk API, which wraps a network failure that way (ECONNREFUSED while the
 * database is down came back as a bulk error, and was a 500).
 */
function wrapped(e: Error): unknown {
  return e.cause ?? (e as { errorResponse?: unknown }).errorResponse
}

function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = wrapped(e), depth++) {
    if (UNREACHABLE.has(errorName(e) ?? '')) return true
    const code = (e as { code?: unknown }).code
    if (typeof code === 'number' && UNREACHABLE_CODES.has(code)) return true
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return true
  }
  return false
}

/**
 * FerretDB 1.x reports a unique violation on *update* (not on insert) as InternalError (code 1)
 * carrying its backend's message; MongoDB never sends these, so matching them is safe there.
 */
const BACKEND_UNIQUE_VIOLATION =
  /UNIQUE constraint failed|duplicate key value violates unique constraint/

/** E11000: a unique index refused the write (MongoServerError and MongoBulkWriteError alike). */
export function isDuplicateKey(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  return code === 11000 || (code === 1 && BACKEND_UNIQUE_VIOLATION.test(err.message))
}

/** Maps a driver error to the port's errors: DB_UNAVAILABLE for the unreachable family, else INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err
  if (isUnreachable(err)) return new AppError('DB_UNAVAILABLE', undefined, { cause: err })
  if (isDuplicateKey(err)) return new AppError('CONFLICT', undefined, { cause: err })
  return new AppError('INTERNAL', undefined, { cause: err })
}

/** Runs one store operation and lets only AppErrors out. */
export async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (err) {
    throw toAppError(err)
  }
}
