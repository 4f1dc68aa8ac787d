import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { APP_ID, APP_SECRET, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** How WeChat's answers to jscode2session reach the client (docs/wechat.md, "Signing in: code2Session"). */
describe.each(storeTargets())('POST /api/auth/wx-login when WeChat fails, on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())
  beforeEach(() => s.sim.clearFaults())

  const loginWithFreshCode = () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    return s.request('POST', '/api/auth/wx-login', { body: { code } })
  }
  const calls = () => s.sim.stats().calls.jscode2session ?? 0

  it('an unknown code → 401 WX_CODE_INVALID', async () => {
    const res = await s.request('POST', '/api/auth/wx-login', { body: { code: 'never-issued' } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('WX_CODE_INVALID')
  })

  it('a code already exchanged elsewhere (40163, nothing cached) → 409 WX_CODE_USED', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const elsewhere = await fetch(
      `${s.sim.url}/sns/jscode2session?appid=${APP_ID}&secret=${APP_SECRET}&js_code=${code}&grant_type=authorization_code`,
    )
    expect(((await elsewhere.json()) as { openid?: string }).openid).toBeTruthy()
    const res = await s.request('POST', '/api/auth/wx-login', { body: { code } })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('WX_CODE_USED')
  })

  it('busy (-1) once is retried and succeeds', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: -1, times: 1 })
    const before = calls()
    const res = await loginWithFreshCode()
    expect(res.status).toBe(200)
    expect(calls() - before).toBe(2)
  })

  it('busy (-1) every time → bounded retries, then 503 WX_UNAVAILABLE', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: -1, times: 10 })
    const before = calls()
    const res = await loginWithFreshCode()
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
    expect(calls() - before).toBe(3)
  })

  it('a timeout → 503 WX_UNAVAILABLE, not retried', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', delayMs: 3000, times: 1 })
    const before = calls()
    const started = Date.now()
    const res = await loginWithFreshCode()
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
    expect(Date.now() - started).toBeLessThan(2500)
    expect(calls() - before).toBe(1)
  })

  it('WeChat unreachable (HTTP 502 from its gateway) → 503 WX_UNAVAILABLE', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', httpStatus: 502, times: 1 })
    const res = await loginWithFreshCode()
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
  })

  it('45011 → 429 WX_RATE_LIMITED with Retry-After', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: 45011, times: 1 })
    const res = await loginWithFreshCode()
    expect(res.status).toBe(429)
    expect(res.body.error.code).toBe('WX_RATE_LIMITED')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('40226 → 403 WX_USER_BLOCKED', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: 40226, times: 1 })
    const res = await loginWithFreshCode()
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('WX_USER_BLOCKED')
  })

  it.each([40013, 40125, 99999])('errcode %i → 502 WX_UPSTREAM_ERROR', async (errcode) => {
    s.sim.injectFault({ endpoint: 'jscode2session', errcode, times: 1 })
    const res = await loginWithFreshCode()
    expect(res.status).toBe(502)
    expect(res.body.error.code).toBe('WX_UPSTREAM_ERROR')
  })

  it('a wrong AppSecret is a 502 and is logged loudly as a configuration error', async () => {
    const wrong = await startStackWithSecret(target, 'not-the-secret')
    try {
      const { code } = wrong.sim.mintLoginCode({ appId: APP_ID })
      const res = await wrong.request('POST', '/api/auth/wx-login', { body: { code } })
      expect(res.status).toBe(502)
      expect(wrong.logs.join('')).toContain('WX_APP_SECRET')
      expect(wrong.logs.join('')).not.toContain('not-the-secret')
    } finally {
      await wrong.close()
    }
  })
})

const startStackWithSecret = (target: Parameters<typeof startStack>[0], secret: string) =>
  startStack(target, { WX_APP_SECRET: secret })
