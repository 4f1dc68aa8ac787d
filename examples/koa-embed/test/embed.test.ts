import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deflateSync, crc32 } from 'node:zlib'
import { startSimulator, type Simulator } from '@wxlogin/wechat-sim'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHostApp } from '../src/host-app.js'

const APP_ID = 'wxembed0000000001'
const APP_SECRET = 'embed-app-secret-0123456789'

/** A movable clock for wxlogin: tokens issued "three hours ago" are expired on arrival. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) }

function png1x1(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const n = (v: number) => Buffer.from([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255])
    return Buffer.concat([n(data.length), body, n(crc32(body))])
  }
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 200, 30, 90]))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('wxlogin mounted at /auth in a host Koa app', () => {
  let sim: Simulator
  let dataDir: string
  let server: http.Server
  let url = ''
  let host: Awaited<ReturnType<typeof createHostApp>>

  beforeAll(async () => {
    sim = await startSimulator({ apps: [{ appId: APP_ID, secret: APP_SECRET }] })
    dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-embed-'))
    server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    host = await createHostApp({
      wxlogin: {
        env: {
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          WX_APP_ID: APP_ID,
          WX_APP_SECRET: APP_SECRET,
          WECHAT_API_BASE: sim.url,
          JWT_ALG: 'ES256', // a key is generated in DATA_DIR
          LOG_LEVEL: 'silent',
        },
        clock,
      },
      jwksUrl: `${url}/auth/.well-known/jwks.json`,
    })
    const callback = host.app.callback()
    server.on('request', (req, res) => void callback(req, res))
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await host.close()
    await sim.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function call(method: string, p: string, init: { token?: string; body?: unknown } = {}) {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    })
    const text = await res.text()
    const body: any = text.startsWith('{') ? JSON.parse(text) : text
    return { status: res.status, text, body }
  }
  async function login() {
    const { code } = sim.mintLoginCode({ appId: APP_ID })
    const res = await call('POST', '/auth/api/auth/wx-login', { body: { code } })
    expect(res.status).toBe(200)
    return res.body as { accessToken: string; refreshToken: string; user: { id: string } }
  }

  it('signs in through the mounted routes, and the host’s /orders accepts the token', async () => {
    const { accessToken, user } = await login()
    expect((await call('GET', '/auth/api/me', { token: accessToken })).body.id).toBe(user.id)
    const orders = await call('GET', '/orders', { token: accessToken })
    expect(orders.status).toBe(200)
    expect(orders.body).toEqual({ owner: user.id, orders: [] })
  })

  it('a refreshed token works on /orders too', async () => {
    const { refreshToken, user } = await login()
    const next = await call('POST', '/auth/api/auth/refresh', { body: { refreshToken } })
    expect(next.status).toBe(200)
    const orders = await call('GET', '/orders', { token: next.body.accessToken })
    expect(orders.body.owner).toBe(user.id)
  })

  it('/orders without a token → 401 AUTH_REQUIRED; with a bad one → AUTH_TOKEN_INVALID', async () => {
    const none = await call('GET', '/orders')
    expect(none.status).toBe(401)
    expect(none.body.error).toMatchObject({ code: 'AUTH_REQUIRED', requestId: expect.any(String) })
    const bad = await call('GET', '/orders', { token: 'not-a-token' })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('AUTH_TOKEN_INVALID')
  })

  it('/orders with an expired token → 401 AUTH_TOKEN_EXPIRED', async () => {
    clock.offsetMs = -3 * 3600_000
    let accessToken: string
    try {
      ;({ accessToken } = await login())
    } finally {
      clock.offsetMs = 0
    }
    const res = await call('GET', '/orders', { token: accessToken })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_TOKEN_EXPIRED')
  })

  it('publishes its key at /auth/.well-known/jwks.json', async () => {
    const res = await call('GET', '/auth/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.body.keys).toEqual([expect.objectContaining({ kty: 'EC', alg: 'ES256' })])
  })

  it('builds its URLs under the mount path: the OpenAPI server, the docs page, avatar URLs', async () => {
    expect((await call('GET', '/auth/openapi.json')).body.servers).toEqual([{ url: '/auth' }])
    const page = await call('GET', '/auth/docs')
    expect(page.text).toContain('src="/auth/docs/assets/swagger-ui-bundle.js"')
    const init = await call('GET', '/auth/docs/assets/docs-init.js')
    expect(init.text).toContain("url: '/auth/openapi.json'")

    const { accessToken } = await login()
    const form = new FormData()
    form.append('file', new Blob([png1x1()], { type: 'image/png' }), 'a.png')
    const res = await fetch(`${url}/auth/api/me/avatar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    })
    expect(res.status).toBe(200)
    const { avatarUrl } = (await res.json()) as { avatarUrl: string }
    expect(avatarUrl.startsWith(`${url}/auth/avatars/`)).toBe(true)
    const image = await fetch(avatarUrl)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
  })

  it('an unknown path under /auth is wxlogin’s JSON 404; the host keeps the rest', async () => {
    const inside = await call('GET', '/auth/nothing-here')
    expect(inside.status).toBe(404)
    expect(inside.body.error.code).toBe('NOT_FOUND')
    const outside = await call('GET', '/nothing-here')
    expect(outside.status).toBe(404)
    expect(outside.text).toBe('Not Found')
  })
})
