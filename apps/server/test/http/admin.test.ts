import { randomBytes } from 'node:crypto'
import { AdminUser, AdminUserList, AuditList } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const tag = () => randomBytes(4).toString('hex')
/** The user ids of a list response, checked against the contract's schema. */
const idsOf = (body: unknown): string[] => AdminUserList.parse(body).items.map((u) => u.id)

describe.each(storeTargets())('admin API on $name', (target) => {
  let s: Stack
  let admin: { id: string; token: string }

  beforeAll(async () => {
    s = await startStack(target)
    const login = await s.login({ profile: { nickName: 'The Admin' } })
    await s.server.store.users.updateAccount(login.user.id, { roles: ['user', 'admin'] })
    admin = { id: login.user.id, token: login.accessToken }
  })
  afterAll(() => s.close())

  const get = (p: string, token = admin.token) => s.request('GET', p, { token })
  const patch = (id: string, body: unknown, token = admin.token) =>
    s.request('PATCH', `/api/admin/users/${id}`, { token, body })

  describe('guard', () => {
    const routes: [string, string][] = [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/users/x'],
      ['PATCH', '/api/admin/users/x'],
      ['GET', '/api/admin/audit'],
    ]

    it.each(routes)('%s %s without a token → 401 AUTH_REQUIRED', async (method, p) => {
      const res = await s.request(
        method,
        p,
        method === 'PATCH' ? { body: { status: 'disabled' } } : {},
      )
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_REQUIRED')
    })

    it.each(routes)('%s %s as a plain user → 403 FORBIDDEN', async (method, p) => {
      const user = await s.login()
      const res = await s.request(method, p, {
        token: user.accessToken,
        ...(method === 'PATCH' ? { body: { status: 'disabled' } } : {}),
      })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    })
  })

  describe('GET /api/admin/users', () => {
    it('q matches a nickname substring case-insensitively', async () => {
      const t = tag()
      const login = await s.login({ profile: { nickName: `Zebra${t}Stripe` } })
      const res = await get(`/api/admin/users?q=${`ebra${t}str`.toUpperCase()}`)
      expect(res.status).toBe(200)
      const list = AdminUserList.parse(res.body)
      expect(list.items.map((u) => u.id)).toEqual([login.user.id])
      expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 })
    })

    it('q matches openid, unionid and phone exactly (not as substrings)', async () => {
      const openid = `o-admin-${tag()}`
      const unionid = `u-admin-${tag()}`
      const login = await s.login({ openid, unionid })
      const national = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
      await s.server.store.users.setPhone(login.user.id, {
        phone: `+86${national}`,
        phoneNational: national,
        phoneCountryCode: '86',
      })

      for (const q of [openid, unionid, `+86${national}`, national]) {
        const res = await get(`/api/admin/users?q=${encodeURIComponent(q)}`)
        expect(idsOf(res.body), q).toEqual([login.user.id])
      }
      for (const q of [openid.slice(0, -2), unionid.slice(1), national.slice(0, 7)]) {
        expect((await get(`/api/admin/users?q=${encodeURIComponent(q)}`)).body.total, q).toBe(0)
      }
    })

    it('filters by status', async () => {
      const t = tag()
      const active = await s.login({ profile: { nickName: `status${t}` } })
      const disabled = await s.login({ profile: { nickName: `status${t}` } })
      await s.server.store.users.updateAccount(disabled.user.id, { status: 'disabled' })
      const ids = async (status: string) =>
        idsOf((await get(`/api/admin/users?q=status${t}&status=${status}`)).body)
      expect(await ids('disabled')).toEqual([disabled.user.id])
      expect(await ids('active')).toEqual([active.user.id])
    })

    it('pages newest first with a stable total', async () => {
      const t = tag()
      const ids: string[] = []
      for (let i = 0; i < 5; i++) {
        ids.push((await s.login({ profile: { nickName: `page${t}` } })).user.id)
        s.clock.advance(1000)
      }
      const pages = await Promise.all(
        [1, 2, 3].map((page) => get(`/api/admin/users?q=page${t}&page=${page}&pageSize=2`)),
      )
      expect(pages.map((p) => p.body.total)).toEqual([5, 5, 5])
      expect(pages.map((p) => p.body.items.length)).toEqual([2, 2, 1])
      expect(pages.flatMap((p) => idsOf(p.body))).toEqual([...ids].reverse())
      expect(pages[1]?.body).toMatchObject({ page: 2, pageSize: 2 })
    })

    it.each([
      ['pageSize over 100', 'pageSize=101'],
      ['page 0', 'page=0'],
      ['an unknown status', 'status=banned'],
      ['a non-numeric page', 'page=two'],
    ])('%s → 400 VALIDATION_FAILED', async (_name, query) => {
      const res = await get(`/api/admin/users?${query}`)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    })

    it('pageSize 100 is allowed', async () => {
      expect((await get('/api/admin/users?pageSize=100')).status).toBe(200)
    })
  })

  describe('GET /api/admin/users/:id', () => {
    it('shows identity, the full phone, the login count and live sessions', async () => {
      const openid = `o-detail-${tag()}`
      const first = await s.login({ openid, unionid: `u-detail-${tag()}` })
      await s.login({ openid })
      await s.server.store.users.setPhone(first.user.id, {
        phone: '+8613700001111',
        phoneNational: '13700001111',
        phoneCountryCode: '86',
      })

      const res = await get(`/api/admin/users/${first.user.id}`)
      expect(res.status).toBe(200)
      expect(AdminUser.parse(res.body)).toMatchObject({
        id: first.user.id,
        openid,
        appId: APP_ID,
        phone: '+8613700001111',
        loginCount: 2,
        sessions: 2,
      })
      expect(res.body.unionid).toMatch(/^u-detail-/)

      await s.request('POST', '/api/auth/logout', { token: first.accessToken })
      expect((await get(`/api/admin/users/${first.user.id}`)).body.sessions).toBe(1)
    })

    it.each([
      ['an unknown id', '0123456789abcdef01234567'],
      ['a malformed id', 'not an id!'],
      ['a very long id', 'x'.repeat(300)],
    ])('%s → 404 NOT_FOUND', async (_name, id) => {
      const res = await get(`/api/admin/users/${encodeURIComponent(id)}`)
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    })
  })

  describe('PATCH /api/admin/users/:id', () => {
    it('disabling revokes every session: the access token and the refresh token answer USER_DISABLED', async () => {
      const openid = `o-disable-${tag()}`
      const victim = await s.login({ openid })
      await s.login({ openid })

      const res = await patch(victim.user.id, { status: 'disabled' })
      expect(res.status).toBe(200)
      expect(AdminUser.parse(res.body)).toMatchObject({ status: 'disabled', sessions: 0 })

      const me = await s.request('GET', '/api/me', { token: victim.accessToken })
      expect(me.status).toBe(403)
      expect(me.body.error.code).toBe('USER_DISABLED')
      const refresh = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: victim.refreshToken },
      })
      expect(refresh.status).toBe(403)
      expect(refresh.body.error.code).toBe('USER_DISABLED')
      const { code } = s.sim.mintLoginCode({ appId: APP_ID, openid })
      const relogin = await s.request('POST', '/api/auth/wx-login', { body: { code } })
      expect(relogin.body.error.code).toBe('USER_DISABLED')

      // Re-enabled: a new login works; the revoked sessions stay revoked.
      const enabled = await patch(victim.user.id, { status: 'active' })
      expect(enabled.body).toMatchObject({ status: 'active', sessions: 0 })
      expect(
        (await s.request('GET', '/api/me', { token: victim.accessToken })).body.error.code,
      ).toBe('AUTH_TOKEN_INVALID')
      const again = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: victim.refreshToken },
      })
      expect(again.body.error.code).toBe('REFRESH_TOKEN_INVALID')
      const fresh = await s.login({ openid })
      expect((await s.request('GET', '/api/me', { token: fresh.accessToken })).status).toBe(200)
    })

    it('granting admin opens the admin API at once; revoking closes it', async () => {
      const user = await s.login()
      const granted = await patch(user.user.id, { roles: ['admin', 'user'] })
      expect(granted.body.roles).toEqual(['user', 'admin'])
      expect((await get('/api/admin/users', user.accessToken)).status).toBe(200)

      const revoked = await patch(user.user.id, { roles: ['user'] })
      expect(revoked.body.roles).toEqual(['user'])
      expect((await get('/api/admin/users', user.accessToken)).status).toBe(403)
    })

    it('an admin cannot disable themself or drop their own admin role → 409 CONFLICT', async () => {
      for (const body of [{ status: 'disabled' }, { roles: ['user'] }]) {
        const res = await patch(admin.id, body)
        expect(res.status).toBe(409)
        expect(res.body.error.code).toBe('CONFLICT')
      }
      expect((await get(`/api/admin/users/${admin.id}`)).body).toMatchObject({
        status: 'active',
        roles: ['user', 'admin'],
      })
    })

    it.each([
      ['an unknown status', { status: 'banned' }],
      ['an unknown role', { roles: ['root'] }],
      ['no roles', { roles: [] }],
      ['an unknown field', { nickname: 'x' }],
    ])('%s → 400 VALIDATION_FAILED', async (_name, body) => {
      const user = await s.login()
      const res = await patch(user.user.id, body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    })

    it('an unknown user → 404 NOT_FOUND', async () => {
      expect((await patch('0123456789abcdef01234567', { status: 'disabled' })).status).toBe(404)
    })
  })

  describe('GET /api/admin/audit', () => {
    it('records admin actions, logins and refresh reuse with who, what, when and IP', async () => {
      const started = Date.now()
      const target = await s.login()
      await patch(target.user.id, { status: 'disabled' })
      await patch(target.user.id, { status: 'active' })

      const res = await get(`/api/admin/audit?userId=${target.user.id}`)
      expect(res.status).toBe(200)
      const list = AuditList.parse(res.body)
      expect(list.items.map((e) => e.action)).toEqual([
        'admin_update_user',
        'admin_update_user',
        'login',
      ])
      const [enable, disable, login] = list.items
      expect(disable).toMatchObject({
        actorId: admin.id,
        targetId: target.user.id,
        ip: expect.stringMatching(/127\.0\.0\.1/),
        details: { status: 'disabled', previousStatus: 'active', revokedSessions: 1 },
      })
      expect(enable?.details).toMatchObject({ status: 'active', previousStatus: 'disabled' })
      expect(login).toMatchObject({
        actorId: target.user.id,
        targetId: target.user.id,
        ip: expect.stringMatching(/127\.0\.0\.1/),
      })
      expect(Date.parse(disable!.at)).toBeGreaterThanOrEqual(started - 1000)
    })

    it('shows a refresh-token reuse, filtered by action', async () => {
      const user = await s.login()
      const first = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: user.refreshToken },
      })
      expect(first.status).toBe(200)
      s.clock.advance(60_000) // past the grace window
      const reuse = await s.request('POST', '/api/auth/refresh', {
        body: { refreshToken: user.refreshToken },
      })
      expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED')

      const res = await get(`/api/admin/audit?action=refresh_reuse_detected&userId=${user.user.id}`)
      expect(res.body).toMatchObject({
        total: 1,
        items: [{ action: 'refresh_reuse_detected', targetId: user.user.id }],
      })
    })

    it('pages, and refuses an unknown action or pageSize over 100', async () => {
      const page = await get('/api/admin/audit?page=1&pageSize=1')
      expect(page.body.items).toHaveLength(1)
      expect(page.body.total).toBeGreaterThan(1)
      for (const query of ['action=nope', 'pageSize=101']) {
        const res = await get(`/api/admin/audit?${query}`)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('VALIDATION_FAILED')
      }
    })
  })
})
