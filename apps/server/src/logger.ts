import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * The one logger (STYLE.md 14). Redaction is a safety net: code never passes codes, tokens,
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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'wxlogin' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination,
  )
}
