import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { User, WxLoginResponse } from '@wxlogin/shared/dto'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

describe.each(storeTargets())('POST /api/auth/wx-login on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const wxLogin = (body: unknown) => s.request('POST', '/api/auth/wx-login', { body })

  it('exchanges a simulator code for tokens and a new user', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await wxLogin({ code })
    expect(res.status).toBe(200)
    const body = WxLoginResponse.parse(res.body)
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 7200,
      refreshExpiresIn: 2592000,
      isNewUser: true,
    })
    expect(body.user).toMatchObject({
      roles: ['user'],
      status: 'active',
      nickname: null,
      phone: null,
    })
    const me = await s.request('GET', '/api/me', { token: body.accessToken })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(body.user.id)
  })

  it('never exposes openid, unionid or session_key to the user', async () => {
    const res = await s.login({ openid: 'o-private-openid', unionid: 'u-private-unionid' })
    const text = JSON.stringify(res)
    expect(text).not.toContain('o-private-openid')
    expect(text).not.toContain('u-private-unionid')
    expect(text).not.toMatch(/session_?key/i)
    expect(Object.keys(User.shape).sort()).toEqual(Object.keys(res.user).sort())
  })

  it('a returning user is not new and keeps their id', async () => {
    const first = await s.login({ openid: 'o-returning' })
    const second = await s.login({ openid: 'o-returning' })
    expect(first.isNewUser).toBe(true)
    expect(second.isNewUser).toBe(false)
    expect(second.user.id).toBe(first.user.id)
  })

  it('the same code sent twice (double tap) returns the same user, not WX_CODE_USED', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const [a, b] = await Promise.all([wxLogin({ code }), wxLogin({ code })])
    const c = await wxLogin({ code })
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200])
    expect(new Set([a.body.user.id, b.body.user.id, c.body.user.id]).size).toBe(1)
    expect([a.body.isNewUser, b.body.isNewUser, c.body.isNewUser].filter(Boolean)).toHaveLength(1)
  })

  it('20 parallel first logins of one openid create one user, exactly one isNewUser', async () => {
    const codes = Array.from(
      { length: 20 },
      () => s.sim.mintLoginCode({ appId: APP_ID, openid: 'o-stampede' }).code,
    )
    const results = await Promise.all(codes.map((code) => wxLogin({ code })))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1)
    expect(results.filter((r) => r.body.isNewUser)).toHaveLength(1)
  })

  it('stores a real profile and ignores WeChat anonymous placeholders', async () => {
    const real = await s.login({
      openid: 'o-profile',
      profile: { nickName: '小明', gender: 1, city: 'Shenzhen' },
    })
    expect(real.user).toMatchObject({ nickname: '小明', gender: 1, city: 'Shenzhen' })
    const anon = await s.login({
      openid: 'o-profile',
      profile: {
        nickName: '微信用户',
        avatarUrl:
          'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
        gender: 0,
        city: '',
      },
    })
    expect(anon.user).toMatchObject({
      nickname: '小明',
      avatarUrl: null,
      gender: 1,
      city: 'Shenzhen',
    })
  })

  it.each([
    ['no body', undefined],
    ['no code', {}],
    ['empty code', { code: '' }],
    ['code over 128 chars', { code: 'x'.repeat(129) }],
    ['code not a string', { code: 42 }],
    ['profile with a bad gender', { code: 'abc', profile: { gender: 7 } }],
  ])('%s → 400 VALIDATION_FAILED', async (_name, body) => {
    const res = await wxLogin(body)
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      requestId: expect.any(String),
    })
  })

  it('malformed JSON → 400 VALIDATION_FAILED', async () => {
    const res = await s.request('POST', '/api/auth/wx-login', {
      raw: '{"code": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('a non-JSON body → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await s.request('POST', '/api/auth/wx-login', {
      raw: 'code=abc',
      headers: { 'content-type': 'text/plain' },
    })
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await wxLogin({ code: 'abc', pad: 'x'.repeat(70 * 1024) })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('an unknown appId → 400', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await wxLogin({ code, appId: 'wx-not-configured' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('a disabled account cannot log in (403 USER_DISABLED)', async () => {
    const login = await s.login({ openid: 'o-disabled-login' })
    await s.server.store.users.updateAccount(login.user.id, { status: 'disabled' })
    const { code } = s.sim.mintLoginCode({ appId: APP_ID, openid: 'o-disabled-login' })
    const res = await wxLogin({ code })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('USER_DISABLED')
  })
})
