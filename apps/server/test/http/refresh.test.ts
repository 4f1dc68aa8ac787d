import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RefreshResponse } from '@wxlogin/shared/dto'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

describe.each(storeTargets())('POST /api/auth/refresh on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const refresh = (refreshToken: unknown) =>
    s.request('POST', '/api/auth/refresh', { body: { refreshToken } })

  it('rotates: a new pair, and the new access token works', async () => {
    const login = await s.login()
    const res = await refresh(login.refreshToken)
    expect(res.status).toBe(200)
    const pair = RefreshResponse.parse(res.body)
    expect(pair.refreshToken).not.toBe(login.refreshToken)
    expect(pair.accessToken).not.toBe(login.accessToken)
    expect(pair.refreshExpiresIn).toBeLessThanOrEqual(login.refreshExpiresIn)
    expect((await s.request('GET', '/api/me', { token: pair.accessToken })).status).toBe(200)
    expect((await refresh(pair.refreshToken)).status).toBe(200)
  })

  it('10 parallel refreshes with one token: all succeed within grace with the same successor', async () => {
    const login = await s.login()
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(login.refreshToken)))
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200))
    const successors = new Set(results.map((r) => r.body.refreshToken))
    expect(successors.size).toBe(1)
    const [successor] = successors
    // The family lives on through the successor...
    const next = await refresh(successor)
    expect(next.status).toBe(200)
    // ...and the grandparent is no longer the immediate parent: its reuse revokes the family.
    const reuse = await refresh(login.refreshToken)
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED')
    const afterRevoke = await refresh(next.body.refreshToken)
    expect(afterRevoke.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    const me = await s.request('GET', '/api/me', { token: next.body.accessToken })
    expect(me.status).toBe(401)
  })

  it('reuse after the grace window revokes the whole family', async () => {
    const login = await s.login()
    const first = await refresh(login.refreshToken)
    expect(first.status).toBe(200)
    s.clock.advance(31_000)
    const reuse = await refresh(login.refreshToken)
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED')
    const successor = await refresh(first.body.refreshToken)
    expect(successor.status).toBe(401)
    expect(successor.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    const audit = await s.server.store.audit.list({
      action: 'refresh_reuse_detected',
      userId: login.user.id,
      page: 1,
      pageSize: 10,
    })
    expect(audit.total).toBe(1)
  })

  it('an unknown token → 401 REFRESH_TOKEN_INVALID', async () => {
    const res = await refresh('not-a-token-we-issued')
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('an expired family (absolute lifetime) → REFRESH_TOKEN_INVALID', async () => {
    const login = await s.login()
    s.clock.advance(31 * 24 * 3600 * 1000)
    const res = await refresh(login.refreshToken)
    expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('an access token is not a refresh token', async () => {
    const login = await s.login()
    const res = await refresh(login.accessToken)
    expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('a disabled user cannot refresh (403 USER_DISABLED)', async () => {
    const login = await s.login()
    await s.server.store.users.updateAccount(login.user.id, { status: 'disabled' })
    const res = await refresh(login.refreshToken)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('USER_DISABLED')
  })

  it.each([[{}], [{ refreshToken: '' }], [{ refreshToken: 12 }]])(
    'bad body %j → 400',
    async (body) => {
      const res = await s.request('POST', '/api/auth/refresh', { body })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    },
  )
})
