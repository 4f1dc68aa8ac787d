import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LegacyWxLoginResponse } from '@wxlogin/shared/dto'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** The Django tutorial's client keeps working: POST /api/wx_login/ with form or JSON. */
describe.each(storeTargets())('POST /api/wx_login/ (compatibility) on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const code = () => s.sim.mintLoginCode({ appId: APP_ID }).code
  const form = (fields: Record<string, string>) =>
    s.request('POST', '/api/wx_login/', {
      raw: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  const rawData = JSON.stringify({
    nickName: 'Django 用户',
    avatarUrl: 'https://example.com/a.png',
    gender: 2,
  })

  it('accepts a form body with user_info as the rawData JSON string', async () => {
    const res = await form({ code: code(), user_info: rawData })
    expect(res.status).toBe(200)
    const body = LegacyWxLoginResponse.parse(res.body)
    expect(body.user).toMatchObject({
      nick_name: 'Django 用户',
      avatar_url: 'https://example.com/a.png',
      gender: 2,
    })
    const me = await s.request('GET', '/api/me', { token: body.jwt })
    expect(me.body.nickname).toBe('Django 用户')
  })

  it('accepts JSON with user_info as an object, and without user_info', async () => {
    const withObject = await s.request('POST', '/api/wx_login/', {
      body: { code: code(), user_info: { nickName: 'Obj' } },
    })
    expect(withObject.status).toBe(200)
    expect(withObject.body.user.nick_name).toBe('Obj')
    const without = await s.request('POST', '/api/wx_login/', { body: { code: code() } })
    expect(without.status).toBe(200)
    expect(LegacyWxLoginResponse.parse(without.body).refresh).toBeTruthy()
  })

  it('works without the trailing slash too', async () => {
    const res = await s.request('POST', '/api/wx_login', { body: { code: code() } })
    expect(res.status).toBe(200)
  })

  it.each([
    ['not JSON', '{nickName: broken'],
    ['JSON but not an object', '[1,2,3]'],
    ['an object of the wrong shape', '{"gender": "robot"}'],
  ])('a malformed user_info (%s) → 400, not 500', async (_name, userInfo) => {
    const res = await form({ code: code(), user_info: userInfo })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      requestId: expect.any(String),
    })
  })

  it('failures use the error body and status, never the tutorial 204', async () => {
    const res = await form({ code: 'never-issued' })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('WX_CODE_INVALID')
    const missing = await form({})
    expect(missing.status).toBe(400)
  })
})
