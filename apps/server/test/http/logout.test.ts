import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

describe.each(storeTargets())('POST /api/auth/logout and logout-all on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  it('logout revokes the current session only: its tokens stop working, others keep working', async () => {
    const phone = await s.login({ openid: 'o-two-devices' })
    const tablet = await s.login({ openid: 'o-two-devices' })
    const res = await s.request('POST', '/api/auth/logout', { token: phone.accessToken })
    expect(res.status).toBe(204)
    expect((await s.request('GET', '/api/me', { token: phone.accessToken })).body.error.code).toBe(
      'AUTH_TOKEN_INVALID',
    )
    const refresh = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: phone.refreshToken },
    })
    expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    expect((await s.request('GET', '/api/me', { token: tablet.accessToken })).status).toBe(200)
  })

  it('logout-all revokes every session of the user', async () => {
    const a = await s.login({ openid: 'o-everywhere' })
    const b = await s.login({ openid: 'o-everywhere' })
    const other = await s.login({ openid: 'o-someone-else' })
    expect((await s.request('POST', '/api/auth/logout-all', { token: a.accessToken })).status).toBe(
      204,
    )
    for (const session of [a, b]) {
      expect((await s.request('GET', '/api/me', { token: session.accessToken })).status).toBe(401)
      const refresh = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      })
      expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    }
    expect((await s.request('GET', '/api/me', { token: other.accessToken })).status).toBe(200)
  })

  it('both need a bearer token (401 AUTH_REQUIRED)', async () => {
    for (const path of ['/api/auth/logout', '/api/auth/logout-all']) {
      const res = await s.request('POST', path)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_REQUIRED')
    }
  })
})
