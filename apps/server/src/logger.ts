import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * The one logger (docs/contributing.md, style rule 14). Redaction is a safety net: code never passes codes, tokens,
 * session_key, secrets or phone numbers to the logger in the first place.
 */
export const REDACT_PATHS = [
  'code',
  '*.code',
  'secret',
  '*.secret',
  'session_key',
  '*.session_key',
  'sessionKey',
  '*.sessionKey',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'phone',
  '*.phone',
  'phoneNumber',
  '*.phoneNumber',
]

/**
 * What a `code` may show: an error code (`EADDRINUSE`, `ERR_INVALID_URL`, our `DB_UNAVAILABLE`)
 * or a number (a MongoDB server code). Those say what went wrong and are no secret; hiding them
 * turned a busy port into `"code":"[redacted]"`. A login or phone code from WeChat is mixed-case
 * or lowercase hex (and a simulator code is `dev:…`), so any of those, wherever it is logged,
 * still reads `[redacted]`.
 */
const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/

function censor(value: unknown, path: string[]): unknown {
  const isErrorCode =
    path[path.length - 1] === 'code' &&
    (typeof value === 'number' || (typeof value === 'string' && ERROR_CODE.test(value)))
  return isErrorCode ? value : '[redacted]'
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'wxlogin' }, redact: { paths: REDACT_PATHS, censor } },
    destination,
  )
}
