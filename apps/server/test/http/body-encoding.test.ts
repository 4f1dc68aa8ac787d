import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** Sends `body` chunked (no Content-Length), as a browser stream or a proxy may. */
function chunked(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, 'transfer-encoding': 'chunked' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        )
      },
    )
    req.on('error', reject)
    // Two chunks, so the body really is streamed in pieces.
    req.write(body.slice(0, 3))
    req.end(body.slice(3))
  })
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe.each(storeTargets())('request bodies by route, on %s', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  it('a chunked form body to wx-login (a JSON-only endpoint) → 415, no tokens', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await chunked(`${s.url}/api/auth/wx-login`, 'POST', FORM, `code=${code}`)
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(res.body).not.toHaveProperty('accessToken')
  })

  it('a chunked form body to PATCH /api/me → 415, and the nickname is unchanged', async () => {
    const { accessToken } = await s.login({ profile: { nickName: '原来的' } })
    const res = await chunked(
      `${s.url}/api/me`,
      'PATCH',
      { ...FORM, authorization: `Bearer ${accessToken}` },
      'nickname=changed',
    )
    expect(res.status).toBe(415)
    const me = await s.request('GET', '/api/me', { token: accessToken })
    expect(me.body.nickname).toBe('原来的')
  })

  it('a chunked JSON body is read like any other', async () => {
    const { accessToken } = await s.login()
    const res = await chunked(
      `${s.url}/api/me`,
      'PATCH',
      { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      JSON.stringify({ nickname: '分块' }),
    )
    expect(res.status).toBe(200)
    expect(res.body.nickname).toBe('分块')
  })

  it('the Django-compatible endpoint still takes a chunked form', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await chunked(`${s.url}/api/wx_login/`, 'POST', FORM, `code=${code}`)
    expect(res.status).toBe(200)
    expect(res.body.jwt).toEqual(expect.any(String))
  })

  it('a form body to logout (an endpoint without a body) is not read, and logout works', async () => {
    const { accessToken } = await s.login()
    const res = await chunked(
      `${s.url}/api/auth/logout`,
      'POST',
      { ...FORM, authorization: `Bearer ${accessToken}` },
      'anything=1',
    )
    expect(res.status).toBe(204)
  })
})
