import { Redis } from 'ioredis'
import type { Middleware } from 'koa'
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { AppError } from '../app-error.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { clientIp, type AppContext, type AppState } from './context.js'

/** Our own request limits (docs/api.md: 429 RATE_LIMITED with Retry-After). */
export interface RateLimits {
  /** wx-login and the legacy wx_login endpoint, per client IP. */
  loginPerIp: Middleware<AppState>
  /** Token refresh, per client IP. */
  refreshPerIp: Middleware<AppState>
  /** Phone binding, per signed-in user: each getuserphonenumber success is billed (docs/wechat.md). Mount after requireAuth. */
  phonePerUser: Middleware<AppState>
  /** Avatar uploads, per signed-in user (each up to 2 MiB of disk). Mount after requireAuth. */
  avatarPerUser: Middleware<AppState>
  /** Console sign-in tickets, per client IP: each one is a getwxacodeunlimit call to WeChat. */
  adminTicketsPerIp: Middleware<AppState>
  /**
   * Resolves once Redis is ready (or at once without Redis), or after `timeoutMs` with a logged
   * warning: the server waits for it before listening, so limits are shared from the first
   * request instead of starting on the per-instance fallback.
   */
  ready(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const REDIS_ERROR_LOG_EVERY_MS = 30_000

/**
 * The limiters of one server process: in memory (O(1) per request) by default, in Redis when
 * REDIS_URL is set so that every instance counts against the same limits. A limit of 0 is off.
 *
 * When Redis is down or slow, each limiter falls back to an in-memory one (rate-limiter-flexible's
 * insurance limiter): limits then hold per instance only, but logins are never blocked, nor held
 * up, by the limiter's own store failing. The failure is logged.
 */
export function createRateLimits(config: Config['rateLimit'], logger: Logger): RateLimits {
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : null

  function limiter(name: string, points: number, duration: number): RateLimiterAbstract | null {
    if (points === 0) return null
    const keyPrefix = `wxlogin:rl:${name}`
    const memory = new RateLimiterMemory({ points, duration, keyPrefix })
    if (!redis) return memory
    return new RateLimiterRedis({
      storeClient: redis,
      points,
      duration,
      keyPrefix,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    })
  }

  function limit(
    rl: RateLimiterAbstract | null,
    keyOf: (ctx: AppContext) => string,
  ): Middleware<AppState> {
    if (!rl) return (_ctx, next) => next()
    return async (ctx, next) => {
      try {
        await rl.consume(keyOf(ctx))
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000))
        throw new AppError('RATE_LIMITED', undefined, {
          headers: { 'Retry-After': String(seconds) },
        })
      }
      await next()
    }
  }

  const userId = (ctx: AppContext) => {
    const id = ctx.state.auth?.user.id
    if (!id) throw new Error('a per-user rate limit mounted without requireAuth')
    return id
  }

  return {
    loginPerIp: limit(limiter('login-ip', config.loginPerMinute, 60), clientIp),
    refreshPerIp: limit(limiter('refresh-ip', config.refreshPerMinute, 60), clientIp),
    phonePerUser: limit(limiter('phone-user', config.phonePerHour, 3600), userId),
    avatarPerUser: limit(limiter('avatar-user', config.avatarPerHour, 3600), userId),
    adminTicketsPerIp: limit(
      limiter('admin-ticket-ip', config.adminTicketsPerMinute, 60),
      clientIp,
    ),
    async ready(timeoutMs = 3_000) {
      if (!redis || redis.status === 'ready') return
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        redis.once('ready', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })
      if (!ready)
        logger.warn('Redis (REDIS_URL) not ready at startup: rate limits start per instance')
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect())
    },
  }
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    // Fail fast instead of queueing while disconnected: the insurance limiter answers meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
  })
  let lastLogged = 0
  redis.on('error', (err: Error) => {
    const now = Date.now()
    if (now - lastLogged < REDIS_ERROR_LOG_EVERY_MS) return
    lastLogged = now
    logger.error(
      { err: err.message },
      'Redis (REDIS_URL) failing: rate limits now hold per instance only',
    )
  })
  redis.on('ready', () => {
    if (lastLogged !== 0) logger.info('Redis (REDIS_URL) is back: rate limits are shared again')
    lastLogged = 0
  })
  return redis
}
