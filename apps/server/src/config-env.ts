import { AgreementVersion } from '@wxlogin/shared/dto'
import { z } from 'zod'
import { CONTENT_ENV, withPush } from './content-config.js'
import { JWT_ALGORITHMS, SigningKey } from './tokens/jwt-config.js'

/**
 * The environment variables the server reads, as one zod schema (config.ts turns the parsed
 * values into the Config the rest of the server sees). Each variable is documented in the
 * README's configuration table.
 */

const DURATION = /^(\d+)\s*(s|m|h|d)?$/
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const

/** `900`, `15m`, `2h`, `30d` → seconds. */
const duration = z.string().transform((text, ctx) => {
  const match = DURATION.exec(text.trim())
  const seconds = match
    ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS]
    : 0
  if (seconds <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a positive duration like 900, 15m, 2h or 30d',
    })
    return z.NEVER
  }
  return seconds
})

const port = z.coerce.number().int().min(0).max(65535)
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

export const WxApp = withPush(z.object({ appId: z.string().min(1), secret: z.string().min(1) }))
export type WxApp = z.infer<typeof WxApp>

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.infer<T> => {
    try {
      return schema.parse(JSON.parse(text))
    } catch (e) {
      // Where and why ("0.secret: …"), never the text: a JSON.parse message quotes it (secrets).
      const issue = e instanceof z.ZodError ? e.issues[0] : undefined
      const why = issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'not JSON'
      ctx.addIssue({ code: 'custom', message: `must be JSON of the documented shape (${why})` })
      return z.NEVER
    }
  })

export const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  WX_APP_ID: z.string().min(1).optional(),
  WX_APP_SECRET: z.string().min(1).optional(),
  WX_APPS: jsonOf(z.array(WxApp).min(1)).optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(5000),
  WECHAT_SIM_PORT: port.optional(),
  JWT_ALG: z.enum(JWT_ALGORITHMS).default('HS256'),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_KEYS: jsonOf(z.array(SigningKey).min(1)).optional(),
  JWT_ISSUER: z.string().min(1).default('wxlogin'),
  JWT_AUDIENCE: z.string().min(1).default('wxlogin-api'),
  ACCESS_TOKEN_TTL: duration.default(7200),
  REFRESH_TOKEN_TTL: duration.default(2592000),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  PUBLIC_URL: z.url().optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  ALLOW_LOOPBACK_WECHAT: bool.default(false),
  // Per-IP limits are generous: a mini-program's launch storm can come from one NAT'd IP. 0 = off.
  RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_REFRESH_PER_MIN: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_PHONE_PER_HOUR: z.coerce.number().int().min(0).default(10),
  // Each upload is up to 2 MiB read, hashed and written: enough to change one's mind, not a disk filler.
  RATE_LIMIT_AVATAR_PER_HOUR: z.coerce.number().int().min(0).default(20),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // The user agreement / privacy policy version users must have accepted (docs/account-lifecycle.md).
  AGREEMENT_VERSION: AgreementVersion.default('1'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  // Connection limits (http/http-server.ts). Node raises its file descriptor limit to the hard
  // limit at startup (often 65536 or more); the default stays far below that.
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  // The admin console (modules/admin-console, modules/admin-login).
  ADMIN_CONSOLE_DIR: z.string().min(1).optional(),
  ADMIN_WXACODE_ENV: z.enum(['release', 'trial', 'develop']).default('release'),
  MINIAPP_H5_URL: z.url().optional(),
  // A console sign-in calls WeChat (getwxacodeunlimit) for every ticket: per IP, per minute.
  RATE_LIMIT_ADMIN_TICKETS_PER_MIN: z.coerce.number().int().min(0).default(20),
  ...CONTENT_ENV,
})
