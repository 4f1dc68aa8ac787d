import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error.js'
import { createLogger } from '../logger.js'
import type { CachedAccessToken, WxTokenCache } from '../store/store.js'
import { createAccessTokenManager, type AccessTokenManagerDeps } from './access-token-manager.js'
import type { FetchedAccessToken } from './access-token-source.js'

const app = { appId: 'wxunit', secret: 's' }
const logger = createLogger('silent')

/** The store's token cache in memory, with the same lease rules as the adapters. */
function memoryCache(): WxTokenCache & { leases: Map<string, { holder: string; until: Date }> } {
  const tokens = new Map<string, CachedAccessToken>()
  const leases = new Map<string, { holder: string; until: Date }>()
  return {
    leases,
    get: async (appId) => tokens.get(appId) ?? null,
    save: async (v) => void tokens.set(v.appId, v),
    drop: async (appId, token) => void (tokens.get(appId)?.token === token && tokens.delete(appId)),
    acquireLease: async (appId, holder, until, now) => {
      const lease = leases.get(appId)
      if (lease && lease.holder !== holder && lease.until > now) return false
      leases.set(appId, { holder, until })
      return true
    },
    releaseLease: async (appId, holder) =>
      void (leases.get(appId)?.holder === holder && leases.delete(appId)),
  }
}

function setup(overrides: Partial<AccessTokenManagerDeps> = {}) {
  let now = Date.parse('2030-01-01T00:00:00Z')
  const fetches: string[] = []
  const fetch = async (): Promise<FetchedAccessToken> => {
    fetches.push('stable_token')
    await new Promise((r) => setTimeout(r, 5))
    return { token: `t${fetches.length}`, expiresInSeconds: 7200 }
  }
  const cache = memoryCache()
  const deps: AccessTokenManagerDeps = {
    cache,
    fetch,
    clock: { now: () => new Date(now) },
    logger,
    leaseMs: 1000,
    pollMs: 5,
    ...overrides,
  }
  return {
    manager: createAccessTokenManager(deps),
    cache,
    fetches,
    advance: (ms: number) => void (now += ms),
  }
}

const ok = (token: string) => Promise.resolve({ errcode: 0, token })

describe('createAccessTokenManager', () => {
  it('many concurrent calls in one process → one fetch, one token', async () => {
    const { manager, fetches } = setup()
    const used = await Promise.all(
      Array.from({ length: 50 }, () => manager.withAccessToken(app, ok)),
    )
    expect(fetches).toHaveLength(1)
    expect(new Set(used.map((r) => r.token))).toEqual(new Set(['t1']))
  })

  it('two managers on one cache (two instances) → one fetch', async () => {
    const { cache, fetches, manager } = setup()
    const other = createAccessTokenManager({
      cache,
      fetch: async () => ({ token: 'other', expiresInSeconds: 7200 }),
      clock: { now: () => new Date('2030-01-01T00:00:00Z') },
      logger,
      leaseMs: 1000,
      pollMs: 5,
    })
    const used = await Promise.all([
      manager.withAccessToken(app, ok),
      other.withAccessToken(app, ok),
    ])
    expect(fetches).toHaveLength(1)
    expect(used.map((r) => r.token)).toEqual(['t1', 't1'])
  })

  it('waits for a lease held elsewhere, then uses the token the holder saved', async () => {
    const { manager, cache, fetches } = setup()
    cache.leases.set(app.appId, { holder: 'elsewhere', until: new Date('2031-01-01') })
    setTimeout(
      () =>
        void cache.save({
          appId: app.appId,
          token: 'saved-elsewhere',
          expiresAt: new Date('2030-01-01T02:00:00Z'),
        }),
      30,
    )
    expect((await manager.withAccessToken(app, ok)).token).toBe('saved-elsewhere')
    expect(fetches).toHaveLength(0)
  })

  it('gives up waiting after waitMs with WX_UNAVAILABLE', async () => {
    let real = 0
    const { manager, cache } = setup({
      waitMs: 50,
      clock: { now: () => new Date(Date.parse('2030-01-01') + (real += 10)) },
    })
    cache.leases.set(app.appId, { holder: 'stuck', until: new Date('2031-01-01') })
    const err = await manager.withAccessToken(app, ok).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('WX_UNAVAILABLE')
  })

  it('refreshes 5 minutes before expiry; if that fails, keeps using the still valid token', async () => {
    let failing = false
    let n = 0
    const { manager, advance } = setup({
      fetch: async () => {
        n++
        if (failing) throw new AppError('WX_UNAVAILABLE')
        return { token: `t${n}`, expiresInSeconds: 7200 }
      },
    })
    expect((await manager.withAccessToken(app, ok)).token).toBe('t1')
    advance((7200 - 4 * 60) * 1000)
    failing = true
    expect((await manager.withAccessToken(app, ok)).token).toBe('t1')
    expect(n).toBe(2)
    // Not retried on every call: the next attempt waits a little.
    expect((await manager.withAccessToken(app, ok)).token).toBe('t1')
    expect(n).toBe(2)
    advance(4 * 60 * 1000) // expired now: no fallback left
    await expect(manager.withAccessToken(app, ok)).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
  })

  it('a refused token is dropped only if it is still the cached one', async () => {
    const { manager, cache, fetches } = setup()
    await manager.withAccessToken(app, ok)
    // Another instance already replaced it.
    await cache.save({
      appId: app.appId,
      token: 'newer',
      expiresAt: new Date('2030-01-01T02:00:00Z'),
    })
    const seen: string[] = []
    const res = await manager.withAccessToken(app, async (token) => {
      seen.push(token)
      return seen.length === 1 ? { errcode: 40001 } : { errcode: 0 }
    })
    expect(res.errcode).toBe(0)
    expect(seen).toEqual(['t1', 'newer'])
    expect(fetches).toHaveLength(1)
    expect((await cache.get(app.appId))?.token).toBe('newer')
  })

  it('passes other errcodes through untouched', async () => {
    const { manager, fetches } = setup()
    const res = await manager.withAccessToken(app, async () => ({ errcode: 40029 }))
    expect(res.errcode).toBe(40029)
    expect(fetches).toHaveLength(1)
  })
})
