import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AgreementVersion } from '@wxlogin/shared/dto'
import { z } from 'zod'
import { JWT_ALGORITHMS, jwtKeys, SigningKey } from './tokens/jwt-config.js'
import type { JwtAlgorithm, SigningKeyConfig } from './tokens/jwt-config.js'

/**
 * The server's whole configuration, parsed once from the environment at startup
 * (docs/contributing.md, style rule 10). Nothing else reads process.env. A bad value names the
 * variable and why, and the process exits 1.
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

const WxApp = z.object({ appId: z.string().min(1), secret: z.string().min(1) })
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

export type { JwtAlgorithm, SigningKeyConfig }

const Env = z.object({
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
})

export interface Config {
  env: 'development' | 'test' | 'production'
  port: number
  host: string
  dataDir: string
  mongodbUri: string | null
  /** The configured mini-programs; the first is the default. */
  apps: WxApp[]
  /** Set when no AppSecret is configured: the server runs the WeChat simulator itself. */
  simulator: { port: number; appId: string } | null
  wechat: { apiBase: string; timeoutMs: number }
  jwt: {
    /** How new access tokens are signed (tokens/jwt-config.ts). */
    algorithm: JwtAlgorithm
    /** Explicit keys, newest first; null means "generate one and keep it in DATA_DIR" (not in production). */
    keys: SigningKeyConfig[] | null
    issuer: string
    audience: string
    accessTtlSeconds: number
    refreshTtlSeconds: number
  }
  /** Allowed browser origins; empty = loopback origins only (outside production). */
  corsOrigins: string[]
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  trustProxy: boolean
  /** How long a session/user read may be served from memory (store/cached-reads.ts); 0 = off. */
  authCacheTtlMs: number
  /** The current user agreement and privacy policy version: other accepted versions need a new acceptance. */
  agreementVersion: string
  publicUrl: string | null
  /** Bearer token /metrics requires; null = public. */
  metricsToken: string | null
  /** How long in-flight requests may run on after SIGTERM/SIGINT before their connections are cut. */
  shutdownGraceMs: number
  /** Our own request limits (0 = off); shared through Redis when redisUrl is set, else per process. */
  rateLimit: {
    loginPerMinute: number
    refreshPerMinute: number
    phonePerHour: number
    avatarPerHour: number
    redisUrl: string | null
  }
  /** Per-process HTTP limits: open connections, and how long a request may take to arrive. */
  http: { maxConnections: number; requestTimeoutMs: number; headersTimeoutMs: number }
}

const LOOPBACK_HOST =
  /^(localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\]|0\.0\.0\.0)$/i

/** True for an http(s) URL (or browser origin) on this machine; false for anything unparsable. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return (protocol === 'http:' || protocol === 'https:') && LOOPBACK_HOST.test(hostname)
  } catch {
    return false
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** The app id the simulator-backed setup uses when WX_APP_ID is not set. */
export const SIMULATOR_APP_ID = 'wx0000000000000000'

/** apps/server, from src/ (tsx) and from dist/ alike. */
const SERVER_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * DATA_DIR when unset: the repository's `.data` when the server runs from a wxlogin checkout, so
 * that `npm start`, `pnpm dev` and `pnpm --filter @wxlogin/server admin:grant` (which pnpm runs
 * in apps/server) use one database whatever their working directory; elsewhere (a deployed copy
 * of the package) `.data` beside the package. Never the working directory.
 */
export function defaultDataDir(serverDir = SERVER_PACKAGE_DIR): string {
  const repo = path.resolve(serverDir, '../..')
  try {
    const { name } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      name?: unknown
    }
    if (name === 'wxlogin') return path.join(repo, '.data')
  } catch {
    // no package.json above: not a checkout
  }
  return path.join(serverDir, '.data')
}

/**
 * The built-in simulator's port when WECHAT_SIM_PORT is unset: PORT + 100 (3100 beside the
 * default 3000), so that a second server started with only PORT=3001 does not collide with the
 * first one's simulator; any free port when PORT is 0 or PORT + 100 is no port.
 */
export function defaultSimulatorPort(apiPort: number): number {
  return apiPort === 0 || apiPort + 100 > 65535 ? 0 : apiPort + 100
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = Env.safeParse(present)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const problems: string[] = []

  if (e.WX_APP_SECRET && !e.WX_APP_ID)
    problems.push('WX_APP_ID: required when WX_APP_SECRET is set')
  if (e.WX_APPS && e.WX_APP_SECRET)
    problems.push('WX_APPS: set either WX_APPS or WX_APP_ID/WX_APP_SECRET, not both')
  const apps: WxApp[] =
    e.WX_APPS ??
    (e.WX_APP_SECRET && e.WX_APP_ID ? [{ appId: e.WX_APP_ID, secret: e.WX_APP_SECRET }] : [])
  const useSimulator = apps.length === 0

  const jwt = jwtKeys(e)
  problems.push(...jwt.problems)
  if (e.NODE_ENV === 'production') {
    if (useSimulator)
      problems.push(
        'WX_APP_SECRET: required when NODE_ENV=production (the WeChat simulator is for development only)',
      )
    // A WeChat API on loopback is a simulator, which accepts `dev:` codes: anyone could sign in as anyone.
    if (isLoopbackUrl(e.WECHAT_API_BASE) && !e.ALLOW_LOOPBACK_WECHAT) {
      problems.push(
        'WECHAT_API_BASE: points at loopback (a WeChat simulator accepts dev: codes) when NODE_ENV=production; set ALLOW_LOOPBACK_WECHAT=true only for a real egress proxy',
      )
    }
    if (e.CORS_ORIGINS.split(',').some((o) => o.trim() === '*'))
      problems.push("CORS_ORIGINS: '*' is not allowed when NODE_ENV=production; list the origins")
  }
  const simulatorPort = e.WECHAT_SIM_PORT ?? defaultSimulatorPort(e.PORT)
  if (useSimulator && simulatorPort !== 0 && simulatorPort === e.PORT)
    problems.push(
      'WECHAT_SIM_PORT: must differ from PORT (the simulator and the API each need one)',
    )
  if (e.REFRESH_TOKEN_TTL <= e.ACCESS_TOKEN_TTL)
    problems.push('REFRESH_TOKEN_TTL: must be longer than ACCESS_TOKEN_TTL')
  // An appId names one mini-program (wx-login's appId).
  if (new Set(apps.map((a) => a.appId)).size !== apps.length)
    problems.push('WX_APPS: each appId must be unique')
  // Node requires headers ≤ request timeout; unset, the headers get 10 s or the request timeout.
  const headersTimeoutMs = e.HEADERS_TIMEOUT_MS ?? Math.min(10_000, e.REQUEST_TIMEOUT_MS)
  if (headersTimeoutMs > e.REQUEST_TIMEOUT_MS)
    problems.push('HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS')
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`)

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR ? path.resolve(e.DATA_DIR) : defaultDataDir(),
    mongodbUri: e.MONGODB_URI ?? null,
    apps: useSimulator ? [] : apps,
    simulator: useSimulator
      ? { port: simulatorPort, appId: e.WX_APP_ID ?? SIMULATOR_APP_ID }
      : null,
    wechat: { apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''), timeoutMs: e.WECHAT_TIMEOUT_MS },
    jwt: {
      algorithm: e.JWT_ALG,
      keys: jwt.keys,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL,
      refreshTtlSeconds: e.REFRESH_TOKEN_TTL,
    },
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    agreementVersion: e.AGREEMENT_VERSION,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MIN,
      refreshPerMinute: e.RATE_LIMIT_REFRESH_PER_MIN,
      phonePerHour: e.RATE_LIMIT_PHONE_PER_HOUR,
      avatarPerHour: e.RATE_LIMIT_AVATAR_PER_HOUR,
      redisUrl: e.REDIS_URL ?? null,
    },
    http: {
      maxConnections: e.MAX_CONNECTIONS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      headersTimeoutMs,
    },
  }
}
