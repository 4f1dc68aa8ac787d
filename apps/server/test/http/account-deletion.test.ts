import { randomBytes, randomInt } from 'node:crypto'
import { AuditList, WxLoginResponse } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { png1x1 } from '../support/images.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const tag = () => randomBytes(4).toString('hex')

/** DELETE /api/me (CONTRACT v2, "Account deletion"). */
describe.each(storeTargets())('account deletion on $name', (target) => {
  let s: Stack
  let admin: WxLoginResponse
  beforeAll(async () => {
    s = await startStack(target)
    admin = await s.login()
    await s.server.store.users.updateAccount(admin.user.id, { roles: ['user', 'admin'] })
  })
  afterAll(() => s.close())
  beforeEach(() => s.sim.clearFaults())

  let next = randomInt(1e6)
  const freshNumber = () => `137${String(next++ % 1e8).padStart(8, '0')}`
  const code = (openid: string) => s.sim.mintLoginCode({ appId: APP_ID, openid }).code
  const del = (token: string, body: unknown) => s.request('DELETE', '/api/me', { token, body })
  const me = (token: string) => s.request('GET', '/api/me', { token })
  const asAdmin = (path: string) => s.request('GET', path, { token: admin.accessToken })
  const bindPhone = (token: string, openid: string, phoneNumber: string) =>
    s.request('POST', '/api/me/phone', {
      token,
      body: { code: s.sim.mintPhoneCode({ openid, phoneNumber }).code },
    })
  async function uploadAvatar(token: string, bytes: Buffer) {
    const form = new FormData()
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'a.png')
    const res = await fetch(`${s.url}/api/me/avatar`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    })
    return { status: res.status, body: (await res.json().catch(() => null)) as any }
  }

  /**
   * Each account's avatar is an image of its own: the same bytes are the same file, and a file
   * another live user shows is rightly kept when one account is deleted.
   */
  let accounts = 0
  const ownImage = () => {
    const n = accounts++
    return png1x1([(n >> 8) & 255, n & 255, 9])
  }

  /** A user with everything: profile, unionid, phone, avatar, agreement, two devices. */
  async function fullAccount() {
    const openid = `o-del-${tag()}`
    const nickname = `Delia${tag()}`
    const phone = freshNumber()
    const first = await s.login({ openid, unionid: `u-${openid}`, profile: { nickName: nickname } })
    const second = await s.login({ openid })
    expect((await bindPhone(first.accessToken, openid, phone)).status).toBe(200)
    const avatar = await uploadAvatar(first.accessToken, ownImage())
    expect(avatar.status).toBe(200)
    const patched = await s.request('PATCH', '/api/me', {
      token: first.accessToken,
      body: { bio: 'likes tea', birthday: '1990-07-15', city: 'Hangzhou' },
    })
    expect(patched.status).toBe(200)
    return { openid, nickname, phone, first, second, avatarUrl: avatar.body.avatarUrl as string }
  }

  it('erases the account: tokens stop at once, admin cannot find it, avatar gone, phone free, a new user next time', async () => {
    const a = await fullAccount()
    const { id } = a.first.user
    expect((await me(a.second.accessToken)).status).toBe(200) // both devices cached as live

    const res = await del(a.first.accessToken, { code: code(a.openid) })
    expect(res.status).toBe(204)

    for (const device of [a.first, a.second]) {
      const denied = await me(device.accessToken)
      expect(denied.status).toBe(401)
      expect(denied.body.error.code).toBe('AUTH_TOKEN_INVALID')
      const refresh = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: device.refreshToken },
      })
      expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    }
    expect((await asAdmin(`/api/admin/users/${id}`)).body.error.code).toBe('NOT_FOUND')
    expect((await asAdmin(`/api/admin/users/${id}/sessions`)).body.error.code).toBe('NOT_FOUND')
    for (const q of [a.nickname, a.openid, `u-${a.openid}`, a.phone])
      expect((await asAdmin(`/api/admin/users?q=${q}`)).body.total, q).toBe(0)
    expect((await fetch(a.avatarUrl)).status).toBe(404)

    // The audit log keeps one entry: the user id, no personal data.
    const audit = AuditList.parse(
      (await asAdmin(`/api/admin/audit?action=account_deleted&userId=${id}`)).body,
    )
    expect(audit.items).toEqual([
      expect.objectContaining({ actorId: id, targetId: id, ip: null, details: { appId: APP_ID } }),
    ])
    const stored = JSON.stringify(audit)
    for (const personal of [a.nickname, a.openid, a.phone, 'likes tea', 'Hangzhou'])
      expect(stored).not.toContain(personal)

    // The phone binds to someone else; the same WeChat user signs up afresh.
    const someone = await s.login()
    const someoneOpenid = (await s.server.store.users.findById(someone.user.id))!.openid
    expect((await bindPhone(someone.accessToken, someoneOpenid, a.phone)).status).toBe(200)
    const again = await s.login({ openid: a.openid, unionid: `u-${a.openid}` })
    expect(again.isNewUser).toBe(true)
    expect(again.user.id).not.toBe(id)
    expect(again.user).toMatchObject({ nickname: null, avatarUrl: null, phone: null, bio: null })
    expect(again.user.agreement).toBeNull()
  })

  it('a stolen access token alone cannot delete: a code of another WeChat user → 403, nothing deleted', async () => {
    const a = await fullAccount()
    const thief = `o-thief-${tag()}`
    for (const body of [
      { code: code(thief) },
      { code: code(a.openid), appId: 'wxsomeotherapp0001' },
    ]) {
      const res = await del(a.first.accessToken, body)
      expect(res.status, JSON.stringify(body)).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    }
    const missing = await del(a.first.accessToken, {})
    expect(missing.body.error.code).toBe('VALIDATION_FAILED')
    await expectIntact(a)
  })

  it('the code must be fresh: the login code itself (already used) → 409 WX_CODE_USED; a bad one → 401', async () => {
    const openid = `o-used-${tag()}`
    const loginCode = code(openid)
    const login = await s.request('POST', '/api/auth/wx-login', { body: { code: loginCode } })
    const { accessToken } = WxLoginResponse.parse(login.body)
    const used = await del(accessToken, { code: loginCode })
    expect(used.status).toBe(409)
    expect(used.body.error.code).toBe('WX_CODE_USED')
    const bad = await del(accessToken, { code: 'not-a-real-code' })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('WX_CODE_INVALID')
    expect((await me(accessToken)).status).toBe(200)
  })

  it('WeChat unavailable → 503, nothing deleted', async () => {
    const a = await fullAccount()
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: -1, times: 3 })
    const res = await del(a.first.accessToken, { code: code(a.openid) })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
    await expectIntact(a)
  })

  it('POST with X-HTTP-Method-Override: DELETE deletes too; without a token → 401', async () => {
    const openid = `o-override-${tag()}`
    const login = await s.login({ openid })
    expect((await s.request('DELETE', '/api/me', { body: { code: code(openid) } })).status).toBe(
      401,
    )
    const res = await s.request('POST', '/api/me', {
      token: login.accessToken,
      body: { code: code(openid) },
      headers: { 'x-http-method-override': 'DELETE' },
    })
    expect(res.status).toBe(204)
    expect(await s.server.store.users.findById(login.user.id)).toBeNull()
  })

  it('deleting while other requests of the same user are in flight leaves no partial state', async () => {
    for (let round = 0; round < 4; round++) {
      const a = await fullAccount()
      const { id } = a.first.user
      const newNumber = freshNumber()
      const racing = [
        s.request('PATCH', '/api/me', {
          token: a.first.accessToken,
          body: { nickname: `Back${a.nickname}`, bio: 'still here?' },
        }),
        bindPhone(a.second.accessToken, a.openid, newNumber),
        uploadAvatar(a.second.accessToken, png1x1([randomInt(256), randomInt(256), round])),
        s.request('POST', '/api/me/agreement', {
          token: a.first.accessToken,
          body: { version: '1' },
        }),
        s.request('POST', '/api/auth/refresh', { body: { refreshToken: a.second.refreshToken } }),
        // From the deleting device: it signs the other one out, not itself.
        s.request('POST', '/api/auth/logout-others', { token: a.second.accessToken }),
      ]
      // The deletion starts in the middle of them (a different moment each round).
      const deleted = new Promise<{ status: number }>((resolve) =>
        setTimeout(() => resolve(del(a.second.accessToken, { code: code(a.openid) })), round * 3),
      )
      const [deletion, ...others] = await Promise.all([deleted, ...racing])
      expect(deletion?.status).toBe(204)
      // Each of the others happened before (2xx) or after (401/404): never a server error.
      for (const other of others) expect([200, 204, 401, 404]).toContain(other.status)

      expect(await s.server.store.users.findById(id)).toBeNull()
      expect(await s.server.store.sessions.countActive(id, s.clock.now())).toBe(0)
      const list = async (q: string) => (await asAdmin(`/api/admin/users?q=${q}`)).body.total
      expect(await list(`Back${a.nickname}`)).toBe(0)
      expect(await list(a.openid)).toBe(0)
      // Whichever phone was bound last is free again; no avatar file is left.
      const someone = await s.login()
      const someoneOpenid = (await s.server.store.users.findById(someone.user.id))!.openid
      for (const number of [a.phone, newNumber])
        expect((await bindPhone(someone.accessToken, someoneOpenid, number)).status).toBe(200)
      const upload = others[2] as { status: number; body: { avatarUrl?: string } }
      if (upload.body?.avatarUrl) expect((await fetch(upload.body.avatarUrl)).status).toBe(404)
      expect((await fetch(a.avatarUrl)).status).toBe(404)
      // A refresh that won its race got tokens that no longer work.
      const refreshed = others[4] as { status: number; body: { accessToken?: string } }
      if (refreshed.body?.accessToken)
        expect((await me(refreshed.body.accessToken)).status).toBe(401)
    }
  })

  /** Nothing of the account changed: profile, phone, avatar, both devices, no deletion audited. */
  async function expectIntact(a: Awaited<ReturnType<typeof fullAccount>>) {
    const { id } = a.first.user
    const detail = await asAdmin(`/api/admin/users/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({
      nickname: a.nickname,
      openid: a.openid,
      unionid: `u-${a.openid}`,
      phone: `+86${a.phone}`,
      avatarUrl: a.avatarUrl,
      bio: 'likes tea',
      sessions: 2,
    })
    for (const device of [a.first, a.second])
      expect((await me(device.accessToken)).status).toBe(200)
    expect((await fetch(a.avatarUrl)).status).toBe(200)
    const audit = await asAdmin(`/api/admin/audit?action=account_deleted&userId=${id}`)
    expect(audit.body.total).toBe(0)
  }
})

describe.each(storeTargets())('DELETE /api/me is rate limited like a login on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { RATE_LIMIT_LOGIN_PER_MIN: '3' })
  })
  afterAll(() => s.close())

  it('each attempt exchanges a code with WeChat, so it counts against RATE_LIMIT_LOGIN_PER_MIN', async () => {
    const login = await s.login({ openid: `o-limit-${tag()}` }) // 1 of 3
    const attempt = () =>
      s.request('DELETE', '/api/me', { token: login.accessToken, body: { code: 'wrong' } })
    expect((await attempt()).status).toBe(401) // 2: WX_CODE_INVALID
    expect((await attempt()).status).toBe(401) // 3
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await s.request('GET', '/api/me', { token: login.accessToken })).status).toBe(200)
  })
})
