import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * Issue 12, item 4: the login profile stored control characters as sent, and a NUL cut a field
 * short in storage ("ci\u0000ty" read back as "ci"). A login profile now follows the text rules
 * of PATCH /api/me: a field that breaks them is dropped, and the login still succeeds.
 */
const HOSTILE_PROFILE = {
  nickName: 'bell\u0007name\r\nX-Injected: 1',
  city: 'ci\u0000ty',
  province: 'pro\u0085vince',
  language: 'zh\u2028CN',
  country: 'CN',
  gender: 1,
}

const INVISIBLE_NICKNAMES = [
  ['a right-to-left override', 'evil\u202egnp.exe'],
  ['a left-to-right isolate', 'ad\u2066min\u2069'],
  ['a zero-width space', 'ad\u200bmin'],
  ['a zero-width joiner between letters', 'ad\u200dmin'],
  ['a word joiner', 'ad\u2060min'],
  ['a byte-order mark inside', 'ad\ufeffmin'],
] as const

describe.each(storeTargets())('a login profile with control characters on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const openid = () => `o${randomBytes(13).toString('hex')}`
  const wxLogin = (profile: Record<string, unknown>, id = openid()) =>
    s.request('POST', '/api/auth/wx-login', {
      body: { code: s.sim.mintLoginCode({ appId: APP_ID, openid: id }).code, profile },
    })
  const legacyLogin = (userInfo: unknown, id = openid()) =>
    s.request('POST', '/api/wx_login/', {
      body: { code: s.sim.mintLoginCode({ appId: APP_ID, openid: id }).code, user_info: userInfo },
    })
  const stored = async (token: string) =>
    (await s.request('GET', '/api/me', { token })).body as Record<string, unknown>

  it('wx-login: a control character or a NUL drops the field, the login succeeds', async () => {
    const res = await wxLogin(HOSTILE_PROFILE)
    expect(res.status).toBe(200)
    expect(await stored(res.body.accessToken)).toMatchObject({
      nickname: null,
      city: null,
      province: null,
      language: null,
      country: 'CN',
      gender: 1,
    })
  })

  it('compatibility endpoint: user_info as a JSON string and as an object, the same rules', async () => {
    for (const userInfo of [JSON.stringify(HOSTILE_PROFILE), HOSTILE_PROFILE]) {
      const res = await legacyLogin(userInfo)
      expect(res.status).toBe(200)
      expect(res.body.user.nick_name).toBeNull()
      expect(await stored(res.body.jwt)).toMatchObject({
        nickname: null,
        city: null,
        country: 'CN',
      })
    }
  })

  it('a dropped field keeps what the user had', async () => {
    const id = openid()
    expect((await wxLogin({ nickName: 'Kept', city: 'Shenzhen' }, id)).status).toBe(200)
    const again = await wxLogin({ nickName: 'bad\u0000', city: 'ci\u0000ty' }, id)
    expect(again.status).toBe(200)
    expect(await stored(again.body.accessToken)).toMatchObject({
      nickname: 'Kept',
      city: 'Shenzhen',
    })
  })

  it.each(INVISIBLE_NICKNAMES)(
    'a nickname with %s is dropped at login and refused by PATCH /api/me',
    async (_what, nickname) => {
      const login = await wxLogin({ nickName: nickname })
      expect(login.status).toBe(200)
      expect(login.body.user.nickname).toBeNull()
      const legacy = await legacyLogin({ nickName: nickname })
      expect(legacy.body.user.nick_name).toBeNull()
      const patch = await s.request('PATCH', '/api/me', {
        token: login.body.accessToken,
        body: { nickname },
      })
      expect(patch.status).toBe(400)
      expect(patch.body.error.code).toBe('VALIDATION_FAILED')
      expect(patch.body.error.details.fieldErrors.nickname).toBeDefined()
    },
  )

  it('an emoji sequence joined by U+200D is a nickname on both paths', async () => {
    const family = '👨\u200d👩\u200d👧'
    const login = await wxLogin({ nickName: family })
    expect(login.body.user.nickname).toBe(family)
    const patch = await s.request('PATCH', '/api/me', {
      token: login.body.accessToken,
      body: { nickname: `${family}🏳\ufe0f\u200d🌈` },
    })
    expect(patch.status).toBe(200)
  })

  it.each([
    ['a chooseAvatar temporary path', 'http://tmp/abc.png'],
    ['a wxfile path', 'wxfile://tmp_abc.png'],
    ['a URL with a raw NUL', 'https://cdn.example.com/a\u0000.png'],
  ])('an avatar that is %s is dropped at login and refused by PATCH', async (_what, url) => {
    const login = await wxLogin({ avatarUrl: url, nickName: 'Has avatar?' })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ nickname: 'Has avatar?', avatarUrl: null })
    const legacy = await legacyLogin({ avatarUrl: url })
    expect(legacy.body.user.avatar_url).toBeNull()
    const patch = await s.request('PATCH', '/api/me', {
      token: login.body.accessToken,
      body: { avatarUrl: url },
    })
    expect(patch.status).toBe(400)
    expect(patch.body.error.details.fieldErrors.avatarUrl).toBeDefined()
  })
})
