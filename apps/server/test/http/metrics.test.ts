import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Prometheus text format → samples (comments skipped). */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) throw new Error(`not a sample line: ${line}`)
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      )
      return { name: match[1]!, labels, value: Number(match[3]) }
    })
}

/** The value of the sample with exactly these labels (0 when absent, as Prometheus reads it). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const want = JSON.stringify(Object.entries(labels).sort())
  const hit = samples.find(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want,
  )
  return hit?.value ?? 0
}

describe.each(storeTargets())('GET /metrics on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const scrape = async () => {
    const res = await s.request('GET', '/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    return { text: res.body as string, samples: parseMetrics(res.body as string) }
  }

  it('counts requests by route template, method and status, with a latency histogram', async () => {
    const login = await s.login()
    await s.request('GET', '/api/me', { token: login.accessToken })
    await s.request('GET', '/api/me')
    await s.request('GET', '/api/no/such/thing?code=abc')
    const { samples } = await scrape()

    expect(
      valueOf(samples, 'wxlogin_http_requests_total', {
        method: 'GET',
        route: '/api/me',
        status: '200',
      }),
    ).toBe(1)
    expect(
      valueOf(samples, 'wxlogin_http_requests_total', {
        method: 'GET',
        route: '/api/me',
        status: '401',
      }),
    ).toBe(1)
    expect(
      valueOf(samples, 'wxlogin_http_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1)
    const bucket = { method: 'POST', route: '/api/auth/wx-login', status: '200', le: '+Inf' }
    expect(
      valueOf(samples, 'wxlogin_http_request_duration_seconds_bucket', bucket),
    ).toBeGreaterThanOrEqual(1)
    // Process metrics come along (memory, event loop), from this server's own registry.
    expect(samples.some((x) => x.name === 'process_resident_memory_bytes')).toBe(true)
  })

  it('counts login outcomes, WeChat calls by errcode and refresh reuse', async () => {
    const before = (await scrape()).samples
    const login = await s.login({ openid: 'o-metrics-returning' })
    await s.login({ openid: 'o-metrics-returning' })
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: 40029, times: 1 })
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    expect((await s.request('POST', '/api/auth/wx-login', { body: { code } })).status).toBe(401)
    const first = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    })
    expect(first.status).toBe(200)
    s.clock.advance(31_000)
    const reuse = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: login.refreshToken },
    })
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED')

    const after = (await scrape()).samples
    const delta = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels)
    expect(delta('wxlogin_logins_total', { outcome: 'new' })).toBe(1)
    expect(delta('wxlogin_logins_total', { outcome: 'returning' })).toBe(1)
    expect(delta('wxlogin_logins_total', { outcome: 'failed', code: 'WX_CODE_INVALID' })).toBe(1)
    expect(
      delta('wxlogin_wechat_requests_total', { endpoint: 'jscode2session', errcode: '0' }),
    ).toBe(2)
    expect(
      delta('wxlogin_wechat_requests_total', { endpoint: 'jscode2session', errcode: '40029' }),
    ).toBe(1)
    expect(
      delta('wxlogin_wechat_request_duration_seconds_count', { endpoint: 'jscode2session' }),
    ).toBe(3)
    expect(delta('wxlogin_refresh_reuse_detected_total')).toBe(1)
  })

  it('counts WeChat timeouts under errcode "timeout"', async () => {
    s.sim.injectFault({ endpoint: 'jscode2session', delayMs: 3_000, times: 3 })
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await s.request('POST', '/api/auth/wx-login', { body: { code } })
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
    s.sim.clearFaults()
    const { samples } = await scrape()
    expect(
      valueOf(samples, 'wxlogin_wechat_requests_total', {
        endpoint: 'jscode2session',
        errcode: 'timeout',
      }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      valueOf(samples, 'wxlogin_logins_total', { outcome: 'failed', code: 'WX_UNAVAILABLE' }),
    ).toBe(1)
  })

  it('counts store errors when the database cannot be reached', async () => {
    vi.spyOn(s.server.store, 'ping').mockRejectedValueOnce(new Error('connection refused'))
    expect((await s.request('GET', '/readyz')).status).toBe(503)
    const { samples } = await scrape()
    expect(valueOf(samples, 'wxlogin_store_errors_total', { code: 'DB_UNAVAILABLE' })).toBe(1)
  })

  it('never carries user ids, openids, codes or tokens in labels', async () => {
    const login = await s.login({ openid: 'o-secret-openid-in-metrics' })
    const me = `/api/me?token=${login.refreshToken}`
    await s.request('GET', me, { token: login.accessToken })
    const { text, samples } = await scrape()
    for (const secret of [
      login.user.id,
      'o-secret-openid-in-metrics',
      login.accessToken,
      login.refreshToken,
    ]) {
      expect(text).not.toContain(secret)
    }
    const routes = new Set(
      samples.filter((x) => x.name === 'wxlogin_http_requests_total').map((x) => x.labels.route),
    )
    for (const route of routes)
      expect(route === 'unmatched' || s.server.routes.some((r) => r.path === route), route).toBe(
        true,
      )
  })
})

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789'
  let s: Stack
  beforeAll(async () => {
    s = await startStack(storeTargets()[0]!, { METRICS_TOKEN: token })
  })
  afterAll(() => s.close())

  it('asks for the token, refuses a wrong one, and serves with the right one', async () => {
    const none = await s.request('GET', '/metrics')
    expect(none.status).toBe(401)
    expect(none.body.error.code).toBe('AUTH_REQUIRED')
    const wrong = await s.request('GET', '/metrics', { token: 'not-the-metrics-token' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('AUTH_TOKEN_INVALID')
    const right = await s.request('GET', '/metrics', { token })
    expect(right.status).toBe(200)
    expect(right.body).toContain('wxlogin_http_requests_total')
  })
})
