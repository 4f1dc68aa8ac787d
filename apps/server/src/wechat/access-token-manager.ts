import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { refusesAccessToken } from '@wxlogin/wechat-wire'
import { AppError } from '../app-error.js'
import type { Clock } from '../clock.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { CachedAccessToken, WxTokenCache } from '../store/store.js'
import type { FetchedAccessToken } from './access-token-source.js'
import type { WxReply } from './wechat-http.js'

/** Refresh this long before expiry (docs/wechat.md: at least 5 minutes early). */
const REFRESH_BEFORE_MS = 5 * 60_000
/** A token closer than this to its expiry is not sent at all. */
const USABLE_MARGIN_MS = 30_000
/** When an early refresh did not give a fresher token, keep the current one this long. */
const EARLY_RETRY_MS = 30_000
const MAX_POLL_MS = 250

export interface AccessTokenManagerDeps {
  /** The store's shared cache: every instance on the store sees the same token. */
  cache: WxTokenCache
  /** One stable_token call (never force_refresh). */
  fetch: (app: WxApp) => Promise<FetchedAccessToken>
  clock: Clock
  logger: Logger
  /** How long one refresher may hold the lease: longer than a fetch with its retries can take. */
  leaseMs: number
  /** How long a caller waits for another instance's refresh before WX_UNAVAILABLE. */
  waitMs?: number
  pollMs?: number
}

export interface AccessTokenManager {
  /**
   * Runs a business call with the app's server access_token. When WeChat refuses the token (the
   * errcode table's access-token family, 40001/42001/40014), the cached token is dropped only if
   * it is still the one that failed (another instance may have replaced it already), a token is
   * obtained again and the call is retried once: never a loop, never force_refresh (WxJava #778,
   * #2803; Senparc #3029). A second refusal is returned as the reply: the caller's errcode
   * mapping fails it like any other errcode.
   */
  withAccessToken<T extends WxReply>(
    app: WxApp,
    call: (accessToken: string) => Promise<T>,
  ): Promise<T>
}

/** What this process holds for one appId; compared by identity to know whether it was replaced. */
interface Held {
  token: string
  expiresAt: number
  /** Before this instant the token is used without asking the store. */
  refreshAt: number
}

/**
 * One per process. The token for each appId lives in the store so all instances share it; a
 * store lease lets one instance at a time call stable_token (re-checking the store after
 * acquiring it), and an in-process single flight keeps this instance's concurrent callers down
 * to one contender for that lease. Callers that lose the lease poll the store for the new token.
 */
export function createAccessTokenManager(deps: AccessTokenManagerDeps): AccessTokenManager {
  const { cache, clock, logger, leaseMs } = deps
  const waitMs = deps.waitMs ?? leaseMs + 2000
  const pollMs = deps.pollMs ?? 25
  const instanceId = randomUUID()
  const local = new Map<string, Held>()
  const inflight = new Map<string, Promise<Held>>()

  const nowMs = () => clock.now().getTime()
  const fresh = (v: CachedAccessToken) => v.expiresAt.getTime() - nowMs() > REFRESH_BEFORE_MS
  const usable = (expiresAt: number) => expiresAt - nowMs() > USABLE_MARGIN_MS

  function hold(v: CachedAccessToken): Held {
    const expiresAt = v.expiresAt.getTime()
    const early = expiresAt - REFRESH_BEFORE_MS
    return {
      token: v.token,
      expiresAt,
      refreshAt: early > nowMs() ? early : nowMs() + EARLY_RETRY_MS,
    }
  }

  /** stable_token under the store lease; waits (bounded) while another instance holds it. */
  async function refreshUnderLease(app: WxApp): Promise<CachedAccessToken> {
    const { appId } = app
    const deadline = nowMs() + waitMs
    for (let attempt = 0; ; attempt++) {
      const now = clock.now()
      if (await cache.acquireLease(appId, instanceId, new Date(now.getTime() + leaseMs), now)) {
        try {
          // Re-check: another instance may have refreshed while we were getting the lease.
          const again = await cache.get(appId)
          if (again && fresh(again)) return again
          const fetched = await deps.fetch(app)
          const value = {
            appId,
            token: fetched.token,
            expiresAt: new Date(nowMs() + fetched.expiresInSeconds * 1000),
          }
          // The token is good even if it cannot be shared: the others fetch their own meanwhile.
          await cache
            .save(value)
            .catch((err: unknown) =>
              logger.warn({ err, appId }, 'could not save the WeChat access_token to the store'),
            )
          logger.info(
            { appId, expiresInSeconds: fetched.expiresInSeconds },
            'fetched a WeChat server access_token',
          )
          return value
        } finally {
          await cache.releaseLease(appId, instanceId).catch((err: unknown) => {
            logger.warn(
              { err, appId },
              'could not release the access_token lease; it runs out by itself',
            )
          })
        }
      }
      await sleep(Math.min(pollMs * 2 ** attempt, MAX_POLL_MS))
      const polled = await cache.get(appId)
      if (polled && fresh(polled)) return polled
      if (nowMs() > deadline) {
        logger.error(
          { appId, waitMs },
          'gave up waiting for another instance to refresh the WeChat access_token',
        )
        throw new AppError(
          'WX_UNAVAILABLE',
          'WeChat is not available right now; try again shortly.',
        )
      }
    }
  }

  async function obtain(app: WxApp): Promise<Held> {
    const stored = await cache.get(app.appId)
    let value = stored
    if (!stored || !fresh(stored)) {
      try {
        value = await refreshUnderLease(app)
      } catch (err) {
        // An early refresh failed but the stored token still has time: use it meanwhile.
        if (!stored || !usable(stored.expiresAt.getTime())) throw err
        logger.warn(
          { appId: app.appId, err },
          'could not refresh the WeChat access_token early; using the current one',
        )
      }
    }
    const held = hold(value as CachedAccessToken)
    local.set(app.appId, held)
    return held
  }

  function tokenFor(app: WxApp): Promise<Held> {
    const mine = local.get(app.appId)
    if (mine && nowMs() < mine.refreshAt && usable(mine.expiresAt)) return Promise.resolve(mine)
    let pending = inflight.get(app.appId)
    if (!pending) {
      pending = obtain(app).finally(() => inflight.delete(app.appId))
      inflight.set(app.appId, pending)
    }
    return pending
  }

  /** Forgets `held` only if nothing replaced it meanwhile, here and in the store. */
  async function invalidate(appId: string, held: Held): Promise<void> {
    if (local.get(appId) !== held) return
    local.delete(appId)
    await cache.drop(appId, held.token)
  }

  const rejected = (reply: WxReply) => refusesAccessToken(reply.errcode)

  return {
    async withAccessToken(app, call) {
      const first = await tokenFor(app)
      const reply = await call(first.token)
      if (!rejected(reply)) return reply
      logger.warn(
        { appId: app.appId, errcode: reply.errcode },
        'WeChat refused the cached access_token; obtaining it again, once',
      )
      await invalidate(app.appId, first)
      const second = await tokenFor(app)
      const retried = await call(second.token)
      if (!rejected(retried)) return retried
      await invalidate(app.appId, second)
      logger.error(
        { appId: app.appId, errcode: retried.errcode },
        'WeChat refused a freshly obtained access_token too: does another system call force_refresh or GET /cgi-bin/token for this AppID?',
      )
      return retried
    },
  }
}
