import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

describe.each(storeTargets())(
  'operations endpoints and cross-cutting HTTP behaviour on $name',
  (target) => {
    let s: Stack
    beforeAll(async () => {
      s = await startStack(target, { CORS_ORIGINS: 'https://app.example.com' })
    })
    afterAll(() => s.close())

    it('GET /healthz and /readyz → 200 ok', async () => {
      expect(await s.request('GET', '/healthz')).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      })
      expect(await s.request('GET', '/readyz')).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      })
    })

    it('an unknown route → 404 NOT_FOUND in the error body', async () => {
      const res = await s.request('GET', '/api/nope')
      expect(res.status).toBe(404)
      expect(res.body).toEqual({
        error: { code: 'NOT_FOUND', message: expect.any(String), requestId: expect.any(String) },
      })
      expect((await s.request('PUT', '/api/me')).status).toBe(404)
    })

    it('every response carries x-request-id, echoing a valid incoming one', async () => {
      const own = await s.request('GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } })
      expect(own.headers.get('x-request-id')).toBe('trace-123')
      const bad = await s.request('GET', '/healthz', {
        headers: { 'x-request-id': 'has spaces <script>' },
      })
      expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      const err = await s.request('GET', '/api/me', { headers: { 'x-request-id': 'trace-456' } })
      expect(err.body.error.requestId).toBe('trace-456')
    })

    it('security headers on every response', async () => {
      for (const res of [await s.request('GET', '/healthz'), await s.request('GET', '/api/nope')]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(res.headers.get('x-frame-options')).toBe('DENY')
        expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      }
    })

    it('HSTS only over TLS: not on plain HTTP, and a forwarded https is not trusted without TRUST_PROXY', async () => {
      expect(
        (await s.request('GET', '/healthz')).headers.get('strict-transport-security'),
      ).toBeNull()
      const spoofed = await s.request('GET', '/healthz', {
        headers: { 'x-forwarded-proto': 'https' },
      })
      expect(spoofed.headers.get('strict-transport-security')).toBeNull()
    })

    it('CORS: the allowlisted origin gets headers and a preflight answer; others do not', async () => {
      const preflight = await s.request('OPTIONS', '/api/me', {
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type',
        },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH')
      const other = await s.request('GET', '/healthz', {
        headers: { origin: 'https://evil.example.com' },
      })
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    })
  },
)

describe('HSTS behind a TLS-terminating proxy (TRUST_PROXY=true)', () => {
  it('is sent when the proxy says the request came over https', async () => {
    const [sqlite] = storeTargets()
    const s = await startStack(sqlite!, { TRUST_PROXY: 'true' })
    try {
      const res = await s.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } })
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(
        (await s.request('GET', '/healthz')).headers.get('strict-transport-security'),
      ).toBeNull()
    } finally {
      await s.close()
    }
  })
})

describe('CORS without CORS_ORIGINS (development)', () => {
  it('answers loopback origins (the H5 dev server) and no others', async () => {
    const [sqlite] = storeTargets()
    const s = await startStack(sqlite!)
    try {
      const origin = (o: string) =>
        s
          .request('GET', '/healthz', { headers: { origin: o } })
          .then((r) => r.headers.get('access-control-allow-origin'))
      expect(await origin('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173')
      expect(await origin('http://localhost:5173')).toBe('http://localhost:5173')
      expect(await origin('https://evil.example.com')).toBeNull()
      expect(await origin('http://127.0.0.1.evil.example.com')).toBeNull()
      expect(await origin('null')).toBeNull()
    } finally {
      await s.close()
    }
  })
})
