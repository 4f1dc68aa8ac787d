import { randomBytes } from 'node:crypto'
import { SessionList, WxLoginResponse } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secondInstance } from '../support/second-instance.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN miniProgram/wx1234567890abcdef'
const ANDROID =
  'Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A3D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 MiniProgramEnv/android'

/** Sessions (devices), CONTRACT v2: GET/DELETE /api/me/sessions, logout-others, the admin pair. */
describe.each(storeTargets())('sessions (devices) on $name', (target) => {
  let s: Stack
  let admin: WxLoginResponse
  beforeAll(async () => {
    // TRUST_PROXY: the tests say which client IP each device has, as a reverse proxy would.
    s = await startStack(target, { TRUST_PROXY: 'true' })
    admin = await s.login()
    await s.server.store.users.updateAccount(admin.user.id, { roles: ['user', 'admin'] })
  })
  afterAll(() => s.close())

  /** Signs `openid` in from a device. */
  async function device(openid: string, userAgent = IPHONE, ip = '203.0.113.7') {
    const code = s.sim.mintLoginCode({ appId: APP_ID, openid }).code
    const res = await s.request('POST', '/api/auth/wx-login', {
      body: { code },
      headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
    })
    expect(res.status).toBe(200)
    return WxLoginResponse.parse(res.body)
  }
  const newOpenid = () => `o-dev-${randomBytes(4).toString('hex')}`
  const list = async (token: string) => {
    const res = await s.request('GET', '/api/me/sessions', { token })
    expect(res.status).toBe(200)
    return SessionList.parse(res.body).items
  }
  const sidOf = async (login: WxLoginResponse) =>
    (await list(login.accessToken)).find((x) => x.current)!.id
  const me = (token: string) => s.request('GET', '/api/me', { token })
  const refresh = (refreshToken: string) =>
    s.request('POST', '/api/auth/refresh', { body: { refreshToken } })

  it('lists the active devices: current first, then newest use, masked IPs, devices in words', async () => {
    const id = newOpenid()
    const phone = await device(id, IPHONE, '203.0.113.7')
    s.clock.advance(60_000)
    const tablet = await device(id, ANDROID, '2001:db8:85a3::8a2e:370:7334')
    s.clock.advance(60_000)
    const third = await device(id, 'curl/8.5.0', '198.51.100.20')
    await s.request('POST', '/api/auth/logout', { token: third.accessToken })
    const stranger = await device(newOpenid())

    const items = await list(phone.accessToken)
    expect(items.map((x) => [x.current, x.device?.label ?? null, x.ip])).toEqual([
      [true, 'iPhone · iOS 17.0 · 微信 8.0.47', '203.0.113.*'],
      [false, 'vivo V2055A · Android 13 · 微信 8.0.42', '2001:db8:85a3:*'],
    ])
    expect(items[0]).toMatchObject({ appId: APP_ID, userAgent: IPHONE })
    expect(items[0]?.device).toEqual({
      label: 'iPhone · iOS 17.0 · 微信 8.0.47',
      model: 'iPhone',
      os: 'iOS 17.0',
      wechatVersion: '8.0.47',
    })
    // The current session is in use now; the other shows its last sign-in or refresh.
    expect(Date.parse(items[0]!.lastUsedAt)).toBeGreaterThanOrEqual(
      Date.parse(items[1]!.lastUsedAt),
    )
    // From the other device, that one is current.
    const fromTablet = await list(tablet.accessToken)
    expect(fromTablet.map((x) => x.current)).toEqual([true, false])
    expect(fromTablet[0]?.id).toBe(items[1]?.id)
    expect(JSON.stringify(items)).not.toMatch(/203\.0\.113\.7|8a2e|198\.51/)
    expect(items.map((x) => x.id)).not.toContain(await sidOf(stranger))
  })

  it('revoking another device from this one ends it at once (access and refresh); this one goes on', async () => {
    const id = newOpenid()
    const phone = await device(id, IPHONE)
    const tablet = await device(id, ANDROID)
    expect((await me(tablet.accessToken)).status).toBe(200) // cached on this instance now
    const tabletSid = await sidOf(tablet)

    const res = await s.request('DELETE', `/api/me/sessions/${tabletSid}`, {
      token: phone.accessToken,
    })
    expect(res.status).toBe(204)
    const denied = await me(tablet.accessToken)
    expect(denied.status).toBe(401)
    expect(denied.body.error.code).toBe('AUTH_TOKEN_INVALID')
    expect((await refresh(tablet.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID')
    expect((await me(phone.accessToken)).status).toBe(200)
    expect((await list(phone.accessToken)).map((x) => x.id)).not.toContain(tabletSid)

    const audit = await s.server.store.audit.list({
      action: 'session_revoked',
      userId: phone.user.id,
      page: 1,
      pageSize: 10,
    })
    expect(audit.items).toEqual([
      expect.objectContaining({
        actorId: phone.user.id,
        targetId: phone.user.id,
        details: { sessionId: tabletSid, by: 'user' },
      }),
    ])
    // Again: the session has ended already; nothing more happens.
    const again = await s.request('DELETE', `/api/me/sessions/${tabletSid}`, {
      token: phone.accessToken,
    })
    expect(again.status).toBe(204)
  })

  it('revoking the current session is a logout', async () => {
    const phone = await device(newOpenid())
    const res = await s.request('DELETE', `/api/me/sessions/${await sidOf(phone)}`, {
      token: phone.accessToken,
    })
    expect(res.status).toBe(204)
    expect((await me(phone.accessToken)).status).toBe(401)
    expect((await refresh(phone.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID')
  })

  it("another user's session, or an unknown id → 404 NOT_FOUND, and that session goes on", async () => {
    const mine = await device(newOpenid())
    const theirs = await device(newOpenid())
    const theirSid = await sidOf(theirs)
    for (const sid of [theirSid, '0123456789abcdef01234567', 'x'.repeat(65), '..%2F..%2Fetc']) {
      const res = await s.request('DELETE', `/api/me/sessions/${sid}`, { token: mine.accessToken })
      expect(res.status, sid).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
    expect((await me(theirs.accessToken)).status).toBe(200)
  })

  it('logout-others ends every other session and keeps this one', async () => {
    const id = newOpenid()
    const [a, b, c] = [await device(id), await device(id, ANDROID), await device(id)]
    const res = await s.request('POST', '/api/auth/logout-others', { token: b.accessToken })
    expect(res.status).toBe(204)
    for (const other of [a, c]) {
      expect((await me(other.accessToken)).status).toBe(401)
      expect((await refresh(other.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID')
    }
    expect((await me(b.accessToken)).status).toBe(200)
    expect((await list(b.accessToken)).map((x) => x.current)).toEqual([true])
    const audit = await s.server.store.audit.list({
      action: 'logout_others',
      userId: b.user.id,
      page: 1,
      pageSize: 10,
    })
    expect(audit.items[0]?.details).toMatchObject({ revoked: 2 })
  })

  it('every route needs a bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/api/me/sessions'],
      ['DELETE', '/api/me/sessions/x'],
      ['POST', '/api/auth/logout-others'],
    ] as const) {
      const res = await s.request(method, path)
      expect(res.status, path).toBe(401)
      expect(res.body.error.code).toBe('AUTH_REQUIRED')
    }
  })

  it('on another instance a revocation shows within AUTH_CACHE_TTL_MS', async () => {
    const other = await secondInstance(s)
    try {
      const id = newOpenid()
      const phone = await device(id)
      const tablet = await device(id, ANDROID)
      // The other instance has the tablet's session in its cache.
      expect((await other.request('GET', '/api/me', { token: tablet.accessToken })).status).toBe(
        200,
      )
      await s.request('DELETE', `/api/me/sessions/${await sidOf(tablet)}`, {
        token: phone.accessToken,
      })
      s.clock.advance(s.server.config.authCacheTtlMs + 1)
      const res = await other.request('GET', '/api/me', { token: tablet.accessToken })
      expect(res.status).toBe(401)
    } finally {
      await other.close()
    }
  })

  describe('admin', () => {
    it("lists any user's sessions and revokes one, audited as session_revoked by the admin", async () => {
      const id = newOpenid()
      const phone = await device(id)
      const tablet = await device(id, ANDROID)
      const res = await s.request('GET', `/api/admin/users/${phone.user.id}/sessions`, {
        token: admin.accessToken,
      })
      expect(res.status).toBe(200)
      const items = SessionList.parse(res.body).items
      expect(items).toHaveLength(2)
      expect(items.every((x) => !x.current)).toBe(true)
      const tabletSid = await sidOf(tablet)

      const revoked = await s.request(
        'DELETE',
        `/api/admin/users/${phone.user.id}/sessions/${tabletSid}`,
        { token: admin.accessToken },
      )
      expect(revoked.status).toBe(204)
      expect((await me(tablet.accessToken)).status).toBe(401)
      expect((await me(phone.accessToken)).status).toBe(200)
      const audit = await s.server.store.audit.list({
        action: 'session_revoked',
        userId: phone.user.id,
        page: 1,
        pageSize: 10,
      })
      expect(audit.items[0]).toMatchObject({
        actorId: admin.user.id,
        targetId: phone.user.id,
        details: { sessionId: tabletSid, by: 'admin' },
      })
    })

    it('an unknown user, or a session of another user → 404; a plain user → 403', async () => {
      const a = await device(newOpenid())
      const b = await device(newOpenid())
      const token = admin.accessToken
      const unknown = await s.request('GET', '/api/admin/users/0123456789abcdef01234567/sessions', {
        token,
      })
      expect(unknown.body.error.code).toBe('NOT_FOUND')
      const wrongOwner = await s.request(
        'DELETE',
        `/api/admin/users/${a.user.id}/sessions/${await sidOf(b)}`,
        { token },
      )
      expect(wrongOwner.status).toBe(404)
      expect((await me(b.accessToken)).status).toBe(200)
      for (const [method, path] of [
        ['GET', `/api/admin/users/${b.user.id}/sessions`],
        ['DELETE', `/api/admin/users/${b.user.id}/sessions/${await sidOf(b)}`],
      ] as const) {
        const res = await s.request(method, path, { token: a.accessToken })
        expect(res.status).toBe(403)
        expect(res.body.error.code).toBe('FORBIDDEN')
      }
    })
  })
})
