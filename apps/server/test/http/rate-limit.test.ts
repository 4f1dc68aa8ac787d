import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisCommand, startRedis } from '../support/redis.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'
import { freePort } from '../support/free-port.js'

/** Our own limits (docs/api.md: 429 RATE_LIMITED with Retry-After): per IP on login and refresh. */
describe.each(storeTargets())('per-IP rate limits on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, {
      RATE_LIMIT_LOGIN_PER_MIN: '3',
      RATE_LIMIT_REFRESH_PER_MIN: '2',
      TRUST_PROXY: 'true',
    })
  })
  afterAll(() => s.close())

  const from = (ip: string) => ({ 'x-forwarded-for': ip })
  const login = (ip: string) =>
    s.request('POST', '/api/auth/wx-login', {
      body: { code: s.sim.mintLoginCode({ appId: APP_ID }).code },
      headers: from(ip),
    })

  const expectLimited = (res: { status: number; body: any; headers: Headers }) => {
    expect(res.status).toBe(429)
    expect(res.body.error.code).toBe('RATE_LIMITED')
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
  }

  it('wx-login: the 4th login a minute from one IP → 429 with Retry-After; WeChat is not called; another IP is fine', async () => {
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.1')).status).toBe(200)
    const before = s.sim.stats().calls.jscode2session
    expectLimited(await login('203.0.113.1'))
    expect(s.sim.stats().calls.jscode2session).toBe(before)
    expect((await login('203.0.113.2')).status).toBe(200)
  })

  it("the Django tutorial's /api/wx_login/ shares the login limit", async () => {
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.3')).status).toBe(200)
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    expectLimited(
      await s.request('POST', '/api/wx_login/', { body: { code }, headers: from('203.0.113.3') }),
    )
  })

  it('refresh: the 3rd refresh a minute from one IP → 429 with Retry-After', async () => {
    const first = await login('203.0.113.4')
    const refresh = (refreshToken: string) =>
      s.request('POST', '/api/auth/refresh', {
        body: { refreshToken },
        headers: from('203.0.113.4'),
      })
    const second = await refresh(first.body.refreshToken)
    expect(second.status).toBe(200)
    expect((await refresh(second.body.refreshToken)).status).toBe(200)
    expectLimited(await refresh('whatever'))
  })

  it('other endpoints are not limited', async () => {
    const { body } = await login('203.0.113.5')
    for (let i = 0; i < 6; i++)
      expect(
        (
          await s.request('GET', '/api/me', {
            token: body.accessToken,
            headers: from('203.0.113.5'),
          })
        ).status,
      ).toBe(200)
  })
})

if (!redisCommand)
  console.warn(
    '[rate-limit.test] skipping the Redis suite: no Redis binary (apt-get install redis-tools)',
  )

// The limits live in Redis, not in the store: one store target is enough here.
describe.skipIf(!redisCommand)('rate limits shared through Redis (REDIS_URL)', () => {
  const [target] = storeTargets()
  let redis: { url: string; process: ChildProcess }
  let a: Stack
  let b: Stack
  beforeAll(async () => {
    redis = await startRedis()
    const env = { REDIS_URL: redis.url, RATE_LIMIT_LOGIN_PER_MIN: '3' }
    a = await startStack(target!, env)
    b = await startStack(target!, env)
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    redis?.process.kill()
  })

  const login = (s: Stack) =>
    s.request('POST', '/api/auth/wx-login', {
      body: { code: s.sim.mintLoginCode({ appId: APP_ID }).code },
    })

  it('two instances count against one limit', async () => {
    expect((await login(a)).status).toBe(200)
    expect((await login(b)).status).toBe(200)
    expect((await login(a)).status).toBe(200)
    const limited = await login(b)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await login(a)).status).toBe(429)
  })
})

describe('rate limits when Redis is down', () => {
  const [target] = storeTargets()
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target!, {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      RATE_LIMIT_LOGIN_PER_MIN: '2',
    })
  })
  afterAll(() => s?.close())

  it('logins go on (limits fall back to this instance) and the outage is logged', async () => {
    const login = () =>
      s.request('POST', '/api/auth/wx-login', {
        body: { code: s.sim.mintLoginCode({ appId: APP_ID }).code },
      })
    const started = Date.now()
    expect((await login()).status).toBe(200)
    expect((await login()).status).toBe(200)
    expect((await login()).status).toBe(429)
    expect(Date.now() - started).toBeLessThan(3000)
    await expect.poll(() => s.logs.join('')).toContain('Redis (REDIS_URL) failing')
  })
})
