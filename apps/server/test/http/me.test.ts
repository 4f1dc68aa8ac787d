import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import jwt from 'jsonwebtoken'
import { User } from '@wxlogin/shared/dto'
import { JWT_SECRET, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

describe.each(storeTargets())('GET/PATCH /api/me on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const patch = (token: string, body: unknown) => s.request('PATCH', '/api/me', { token, body })

  it('returns the signed-in user', async () => {
    const login = await s.login()
    const res = await s.request('GET', '/api/me', { token: login.accessToken })
    expect(res.status).toBe(200)
    expect(User.parse(res.body)).toEqual(login.user)
  })

  it('PATCH updates only the given fields and returns the user', async () => {
    const login = await s.login({ profile: { nickName: 'Before', city: 'Hangzhou' } })
    const res = await patch(login.accessToken, {
      nickname: '  新名字 ',
      bio: 'line one\nline two',
      birthday: '1990-02-28',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      nickname: '新名字',
      bio: 'line one\nline two',
      birthday: '1990-02-28',
      city: 'Hangzhou',
    })
    expect((await s.request('GET', '/api/me', { token: login.accessToken })).body.nickname).toBe(
      '新名字',
    )
    const cleared = await patch(login.accessToken, { bio: null })
    expect(cleared.body).toMatchObject({ bio: null, nickname: '新名字' })
  })

  it.each([
    ['an empty nickname', { nickname: '   ' }],
    ['a 33-character nickname', { nickname: 'n'.repeat(33) }],
    ['a nickname with a control character', { nickname: 'bad\u0007name' }],
    ['a nickname with a newline', { nickname: 'two\nlines' }],
    ["WeChat's placeholder nickname 微信用户", { nickname: '微信用户' }],
    ['a 501-character bio', { bio: 'b'.repeat(501) }],
    ['an impossible birthday', { birthday: '2001-02-30' }],
    ['a future birthday', { birthday: '2999-01-01' }],
    ['a birthday in another format', { birthday: '01/02/1990' }],
    ['a gender of 3', { gender: 3 }],
    ['a temporary WeChat avatar path', { avatarUrl: 'http://tmp/abc.png' }],
    ['a wxfile avatar', { avatarUrl: 'wxfile://tmp_abc.png' }],
    ['an unknown field', { openid: 'o-steal' }],
  ])('%s → 400 VALIDATION_FAILED with field details', async (_name, body) => {
    const login = await s.login()
    const res = await patch(login.accessToken, body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details).toBeDefined()
  })

  it('POST with X-HTTP-Method-Override: PATCH updates too (wx.request cannot send PATCH)', async () => {
    const login = await s.login()
    const res = await s.request('POST', '/api/me', {
      token: login.accessToken,
      body: { nickname: 'via override' },
      headers: { 'x-http-method-override': 'PATCH' },
    })
    expect(res.status).toBe(200)
    expect(res.body.nickname).toBe('via override')
    const plainPost = await s.request('POST', '/api/me', {
      token: login.accessToken,
      body: { nickname: 'x' },
    })
    expect(plainPost.status).toBe(404)
  })

  it('a 32-character nickname of emoji counts characters, not UTF-16 units', async () => {
    const login = await s.login()
    const res = await patch(login.accessToken, { nickname: '😀'.repeat(32) })
    expect(res.status).toBe(200)
  })

  describe('access token checks', () => {
    const claims = { sid: 'x', appid: 'wx', roles: ['user'] }
    const sign = (payload: object, secret: string, options: jwt.SignOptions) =>
      jwt.sign(payload, secret, options)
    const get = (token: string) => s.request('GET', '/api/me', { token })

    it('no token → AUTH_REQUIRED; a non-Bearer scheme → AUTH_REQUIRED', async () => {
      expect((await s.request('GET', '/api/me')).body.error.code).toBe('AUTH_REQUIRED')
      const basic = await s.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } })
      expect(basic.body.error.code).toBe('AUTH_REQUIRED')
    })

    it('expired → AUTH_TOKEN_EXPIRED', async () => {
      const login = await s.login()
      s.clock.advance(2 * 3600 * 1000 + 1000)
      const res = await get(login.accessToken)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_TOKEN_EXPIRED')
    })

    it.each([
      ['garbage', () => 'not.a.jwt'],
      ['a refresh token', () => 'refresh-token-looking-string'],
      [
        'alg none',
        () =>
          `${Buffer.from('{"alg":"none","typ":"at+jwt","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', ...claims, iss: 'wxlogin', aud: 'wxlogin-api', exp: 9999999999 })).toString('base64url')}.`,
      ],
      [
        'another key',
        () =>
          sign(claims, 'another-secret-another-secret-another', {
            algorithm: 'HS256',
            keyid: 'k1',
            subject: 'u',
            issuer: 'wxlogin',
            audience: 'wxlogin-api',
            header: { alg: 'HS256', typ: 'at+jwt' },
          }),
      ],
      [
        'a wrong issuer',
        () =>
          sign(claims, JWT_SECRET, {
            algorithm: 'HS256',
            keyid: 'k1',
            subject: 'u',
            issuer: 'evil',
            audience: 'wxlogin-api',
            header: { alg: 'HS256', typ: 'at+jwt' },
          }),
      ],
      [
        'a wrong audience',
        () =>
          sign(claims, JWT_SECRET, {
            algorithm: 'HS256',
            keyid: 'k1',
            subject: 'u',
            issuer: 'wxlogin',
            audience: 'other',
            header: { alg: 'HS256', typ: 'at+jwt' },
          }),
      ],
      [
        'a plain JWT without typ at+jwt',
        () =>
          sign(claims, JWT_SECRET, {
            algorithm: 'HS256',
            keyid: 'k1',
            subject: 'u',
            issuer: 'wxlogin',
            audience: 'wxlogin-api',
          }),
      ],
    ])('%s → AUTH_TOKEN_INVALID', async (_name, make) => {
      const res = await get(make())
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_TOKEN_INVALID')
    })

    it('a tampered payload → AUTH_TOKEN_INVALID', async () => {
      const login = await s.login()
      const [h, p, sig] = login.accessToken.split('.') as [string, string, string]
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>
      payload.roles = ['admin']
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`
      expect((await get(forged)).body.error.code).toBe('AUTH_TOKEN_INVALID')
    })

    it('a disabled account → 403 USER_DISABLED', async () => {
      const login = await s.login()
      await s.server.store.users.updateAccount(login.user.id, { status: 'disabled' })
      const res = await get(login.accessToken)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('USER_DISABLED')
    })
  })
})
