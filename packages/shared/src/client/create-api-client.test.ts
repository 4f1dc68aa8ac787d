import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api-error.js'
import { createApiClient } from './create-api-client.js'
import { memoryTokenStore } from './token-store.js'
import type { Transport, TransportRequest } from './transport.js'

const errorBody = (code: string) => ({ error: { code, message: code, requestId: 'req-1' } })
const user = { id: 'u1', nickname: 'n' }

/** A fake server: access token `a<n>` is valid only for the current generation n. */
function fakeServer() {
  let generation = 1
  const calls: TransportRequest[] = []
  const transport: Transport = async (req) => {
    calls.push(req)
    await new Promise((r) => setTimeout(r, 5))
    if (req.url.endsWith('/api/auth/refresh')) {
      const { refreshToken } = req.body as { refreshToken: string }
      if (refreshToken !== `r${generation}`)
        return { status: 401, body: errorBody('REFRESH_TOKEN_REUSED') }
      generation += 1
      return {
        status: 200,
        body: {
          accessToken: `a${generation}`,
          refreshToken: `r${generation}`,
          tokenType: 'Bearer',
          expiresIn: 7200,
          refreshExpiresIn: 100,
        },
      }
    }
    if (req.headers.authorization !== `Bearer a${generation}`)
      return { status: 401, body: errorBody('AUTH_TOKEN_EXPIRED') }
    return { status: 200, body: user }
  }
  return {
    transport,
    calls,
    refreshes: () => calls.filter((c) => c.url.endsWith('/refresh')).length,
  }
}

describe('createApiClient', () => {
  it('N concurrent requests that see AUTH_TOKEN_EXPIRED cause exactly one refresh, then all replay', async () => {
    const server = fakeServer()
    const tokenStore = memoryTokenStore({ accessToken: 'a0-expired', refreshToken: 'r1' })
    const client = createApiClient({
      baseUrl: 'http://api.test/',
      request: server.transport,
      tokenStore,
    })
    const results = await Promise.all(Array.from({ length: 8 }, () => client.me()))
    expect(results).toEqual(Array(8).fill(user))
    expect(server.refreshes()).toBe(1)
    expect(tokenStore.get()).toEqual({ accessToken: 'a2', refreshToken: 'r2' })
  })

  it('a request that expires after someone else refreshed replays without refreshing again', async () => {
    const server = fakeServer()
    const tokenStore = memoryTokenStore({ accessToken: 'a0-expired', refreshToken: 'r1' })
    const client = createApiClient({
      baseUrl: 'http://api.test',
      request: server.transport,
      tokenStore,
    })
    await client.me()
    await Promise.all([client.me(), client.me()])
    expect(server.refreshes()).toBe(1)
  })

  it('a dead refresh token clears the tokens, tells the app once, and throws the typed error', async () => {
    const server = fakeServer()
    const tokenStore = memoryTokenStore({ accessToken: 'a0-expired', refreshToken: 'stolen' })
    const onSessionEnded = vi.fn()
    const client = createApiClient({
      baseUrl: 'http://api.test',
      request: server.transport,
      tokenStore,
      onSessionEnded,
    })
    const results = await Promise.allSettled([client.me(), client.me(), client.me()])
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'REFRESH_TOKEN_REUSED',
        status: 401,
        requestId: 'req-1',
      })
    }
    expect(onSessionEnded).toHaveBeenCalledTimes(1)
    expect(tokenStore.get()).toBeNull()
  })

  it('maps network failures, foreign responses and Retry-After into ApiError', async () => {
    const offline = createApiClient({
      baseUrl: 'http://x',
      request: () => Promise.reject(new Error('request:fail')),
      tokenStore: memoryTokenStore(),
    })
    await expect(offline.health()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
    const proxy = createApiClient({
      baseUrl: 'http://x',
      request: async () => ({ status: 502, body: '<html>Bad Gateway</html>' }),
      tokenStore: memoryTokenStore(),
    })
    await expect(proxy.health()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 })
    const limited = createApiClient({
      baseUrl: 'http://x',
      request: async () => ({
        status: 429,
        body: errorBody('WX_RATE_LIMITED'),
        headers: { 'retry-after': '60' },
      }),
      tokenStore: memoryTokenStore(),
    })
    const err = (await limited.wxLogin({ code: 'c' }).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'WX_RATE_LIMITED', retryAfterSeconds: 60 })
  })

  it('builds query strings without URLSearchParams (absent in the WeChat runtime)', async () => {
    const urls: string[] = []
    const client = createApiClient({
      baseUrl: 'http://x',
      tokenStore: memoryTokenStore({ accessToken: 'a', refreshToken: 'r' }),
      request: async (req) => {
        urls.push(req.url)
        return { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } }
      },
    })
    const saved = globalThis.URLSearchParams
    // @ts-expect-error -- simulate the mini-program runtime
    delete globalThis.URLSearchParams
    try {
      await client.admin.listUsers({ q: '小明 & co', status: 'active', page: 2 })
    } finally {
      globalThis.URLSearchParams = saved
    }
    expect(urls[0]).toBe(
      'http://x/api/admin/users?q=%E5%B0%8F%E6%98%8E%20%26%20co&status=active&page=2',
    )
  })

  it('wxLogin stores the tokens and sends the default appId; protected calls without tokens fail fast', async () => {
    const requests: TransportRequest[] = []
    const tokenStore = memoryTokenStore()
    const client = createApiClient({
      baseUrl: 'http://x',
      appId: 'wx-default',
      tokenStore,
      request: async (req) => {
        requests.push(req)
        return {
          status: 200,
          body: {
            accessToken: 'a',
            refreshToken: 'r',
            tokenType: 'Bearer',
            expiresIn: 1,
            refreshExpiresIn: 2,
            isNewUser: true,
            user,
          },
        }
      },
    })
    await expect(client.me()).rejects.toMatchObject({ code: 'AUTH_REQUIRED' })
    await client.wxLogin({ code: 'c' })
    expect(requests[0]?.body).toEqual({ code: 'c', appId: 'wx-default' })
    expect(tokenStore.get()).toEqual({ accessToken: 'a', refreshToken: 'r' })
  })

  it('calls any operation by name: method, path parameters (encoded), body and auth from the table', async () => {
    const requests: TransportRequest[] = []
    const client = createApiClient({
      baseUrl: 'http://x',
      tokenStore: memoryTokenStore({ accessToken: 'a', refreshToken: 'r' }),
      request: async (req) => {
        requests.push(req)
        return { status: 200, body: user }
      },
    })
    await client.call('updateUser', { params: { id: 'a/b c' }, body: { status: 'disabled' } })
    await client.call('healthz')
    expect(requests[0]).toMatchObject({
      method: 'PATCH',
      url: 'http://x/api/admin/users/a%2Fb%20c',
      body: { status: 'disabled' },
      headers: { authorization: 'Bearer a' },
    })
    expect(requests[1]).toMatchObject({ method: 'GET', url: 'http://x/healthz' })
    expect(requests[1]?.headers).not.toHaveProperty('authorization')
  })

  it('types each call from the route table', () => {
    const client = createApiClient({
      baseUrl: 'http://x',
      tokenStore: memoryTokenStore(),
      request: async () => ({ status: 204, body: undefined }),
    })
    // Compile-time checks: tsc fails the build if any of these is NOT an error.
    const unchecked = () => {
      // @ts-expect-error -- getUser needs its path parameter
      void client.call('getUser')
      // @ts-expect-error -- updateMe's body is checked against the schema
      void client.call('updateMe', { body: { nickname: 42 } })
      // @ts-expect-error -- not an operation
      void client.call('deleteEverything')
    }
    expect(typeof unchecked).toBe('function')
  })
})
