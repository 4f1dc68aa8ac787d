import path from 'node:path'
import type { z } from 'zod'
import {
  DEV_MINIAPP_H5_URL,
  SIMULATOR_APP_ID,
  defaultDataDir,
  defaultSimulatorPort,
  isLoopbackUrl,
} from './config-defaults.js'
import { Env, type WxApp } from './config-env.js'
import { contentSettings, type ContentConfig } from './content-config.js'
import { jwtKeys } from './tokens/jwt-config.js'
import type { JwtAlgorithm, SigningKeyConfig } from './tokens/jwt-config.js'

export type { JwtAlgorithm, SigningKeyConfig }

export type { WxApp }
export { defaultDataDir, isLoopbackUrl }

/**
 * The server's whole configuration, parsed once from the environment at startup
 * (docs/contributing.md, style rule 10). Nothing else reads process.env. A bad value names the
 * variable and why, and the process exits 1.
 */

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
    /** Console sign-in tickets per client IP and minute. */
    adminTicketsPerMinute: number
    redisUrl: string | null
  }
  /** Per-process HTTP limits: open connections, and how long a request may take to arrive. */
  http: { maxConnections: number; requestTimeoutMs: number; headersTimeoutMs: number }
  adminConsole: {
    /** The console's build (index.html and assets/); null = apps/admin/dist of this checkout. */
    dir: string | null
    /** Which version of the mini-program the sign-in code opens (getwxacodeunlimit env_version). */
    wxacodeEnv: 'release' | 'trial' | 'develop'
    /**
     * With the WeChat simulator only: the mini-program's H5 build, whose admin-login page the
     * console links so the sign-in loop runs in a browser. Null otherwise.
     */
    miniappH5Url: string | null
  }
  /** WeChat content security (docs/content-security.md). */
  content: ContentConfig
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
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
  const content = contentSettings(e, apps, problems)

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
    apps: useSimulator ? [] : content.apps,
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
      adminTicketsPerMinute: e.RATE_LIMIT_ADMIN_TICKETS_PER_MIN,
      redisUrl: e.REDIS_URL ?? null,
    },
    http: {
      maxConnections: e.MAX_CONNECTIONS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      headersTimeoutMs,
    },
    adminConsole: {
      dir: e.ADMIN_CONSOLE_DIR ? path.resolve(e.ADMIN_CONSOLE_DIR) : null,
      wxacodeEnv: e.ADMIN_WXACODE_ENV,
      // The uni H5 dev server (`pnpm dev`) unless told otherwise; never with a real WeChat.
      miniappH5Url: useSimulator
        ? (e.MINIAPP_H5_URL ?? DEV_MINIAPP_H5_URL).replace(/\/+$/, '')
        : null,
    },
    content: content.config,
  }
}
