import {
  AuditList,
  LoginTicketCreated,
  LoginTicketPoll,
  LoginTicketScanned,
} from '@wxlogin/shared/dto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueLoginLink } from '../../src/modules/admin-login/login-link.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) ConsoleTest/1.0'

describe.each(storeTargets())('console sign-in tickets (扫码登录) on $name', (target) => {
  let s: Stack
  let admin: { id: string; token: string }
  let plain: { id: string; token: string }

  beforeAll(async () => {
    s = await startStack(target)
    const a = await s.login({ profile: { nickName: 'Ticket Admin' } })
    await s.server.store.users.updateAccount(a.user.id, { roles: ['user', 'admin'] })
    admin = { id: a.user.id, token: a.accessToken }
    const p = await s.login()
    plain = { id: p.user.id, token: p.accessToken }
  })
  afterAll(() => s.close())

  async function create(): Promise<LoginTicketCreated> {
    const res = await s.request('POST', '/api/admin/login-tickets', {
      headers: { 'user-agent': BROWSER },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return LoginTicketCreated.parse(res.body)
  }
  const poll = (t: LoginTicketCreated, pollToken = t.pollToken) =>
    s.request('POST', `/api/admin/login-tickets/${t.ticketId}/poll`, { body: { pollToken } })
  const act = (t: { ticketId: string }, step: 'scan' | 'approve' | 'reject', token: string) =>
    s.request('POST', `/api/admin/login-tickets/${t.ticketId}/${step}`, { token })
  const statusOf = async (t: LoginTicketCreated) => LoginTicketPoll.parse((await poll(t)).body)

  it('creates a ticket with the mini-program code of its page, valid 2 minutes', async () => {
    const before = Date.now()
    const t = await create()
    expect(t.page).toBe('pages/admin-login/index')
    expect(t.ticketId).toMatch(/^[\w-]{22}$/)
    expect(t.pollToken.length).toBeGreaterThanOrEqual(43)
    const png = Buffer.from(t.qrImage.replace(/^data:image\/png;base64,/, ''), 'base64')
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    const ttl = Date.parse(t.expiresAt) - before
    expect(ttl).toBeGreaterThan(115_000)
    expect(ttl).toBeLessThanOrEqual(125_000)
    // A real WeChat is configured here: no H5 link to the simulator's world.
    expect(t.h5Url).toBeUndefined()
    expect(s.sim.stats().calls.getwxacodeunlimit).toBeGreaterThan(0)
    expect(await statusOf(t)).toEqual({ status: 'pending' })
  })

  it('scan → approve → the first poll gets a working admin session, later polls no tokens', async () => {
    const t = await create()
    const scanned = await act(t, 'scan', admin.token)
    expect(scanned.status).toBe(200)
    expect(LoginTicketScanned.parse(scanned.body)).toMatchObject({
      status: 'scanned',
      expiresAt: t.expiresAt,
      browser: BROWSER,
      device: { label: 'Linux', os: 'Linux', model: null, wechatVersion: null },
      ip: '127.0.0.*',
    })
    expect(await statusOf(t)).toEqual({ status: 'scanned' })

    expect((await act(t, 'approve', admin.token)).status).toBe(204)
    const first = await statusOf(t)
    expect(first).toMatchObject({ status: 'approved', tokenType: 'Bearer' })
    expect(first.user).toMatchObject({ id: admin.id, roles: ['user', 'admin'] })
    const users = await s.request('GET', '/api/admin/users', { token: first.accessToken })
    expect(users.status).toBe(200)
    const refreshed = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    })
    expect(refreshed.status).toBe(200)

    expect(await statusOf(t)).toEqual({ status: 'approved' })
    // Used: the phone can no longer act on it.
    expect((await act(t, 'scan', admin.token)).status).toBe(404)
    expect((await act(t, 'approve', admin.token)).status).toBe(404)

    const audit = AuditList.parse(
      (await s.request('GET', `/api/admin/audit?actorId=${admin.id}`, { token: admin.token })).body,
    )
    const ofTicket = audit.items.filter((e) => e.details.ticketId === t.ticketId)
    expect(ofTicket.map((e) => e.action).sort()).toEqual(['admin_login_approved', 'login'])
    expect(ofTicket.find((e) => e.action === 'login')?.details.via).toBe('admin-console-qr')
  })

  it('delivers the tokens to exactly one of several concurrent polls', async () => {
    const t = await create()
    await act(t, 'scan', admin.token)
    await act(t, 'approve', admin.token)
    const polls = await Promise.all(Array.from({ length: 6 }, () => statusOf(t)))
    expect(polls.every((p) => p.status === 'approved')).toBe(true)
    expect(polls.filter((p) => p.accessToken !== undefined)).toHaveLength(1)
  })

  it('a non-admin approval is FORBIDDEN, audited, and leaves the ticket for an admin', async () => {
    const t = await create()
    expect((await act(t, 'scan', plain.token)).status).toBe(200)
    const refused = await act(t, 'approve', plain.token)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('FORBIDDEN')
    expect(await statusOf(t)).toEqual({ status: 'scanned' })
    const audit = AuditList.parse(
      (
        await s.request('GET', `/api/admin/audit?action=admin_login_refused&actorId=${plain.id}`, {
          token: admin.token,
        })
      ).body,
    )
    expect(audit.items.some((e) => e.details.ticketId === t.ticketId)).toBe(true)

    // The admin scans it in turn and approves it.
    expect((await act(t, 'scan', admin.token)).status).toBe(200)
    expect((await act(t, 'approve', admin.token)).status).toBe(204)
    expect((await statusOf(t)).user?.id).toBe(admin.id)
  })

  it('only the user who scanned last may approve or reject, and only after a scan', async () => {
    const t = await create()
    expect((await act(t, 'approve', admin.token)).status).toBe(404)
    expect((await act(t, 'reject', admin.token)).status).toBe(404)
    await act(t, 'scan', admin.token)
    await act(t, 'scan', plain.token)
    expect((await act(t, 'approve', admin.token)).status).toBe(404)
    expect(await statusOf(t)).toEqual({ status: 'scanned' })
  })

  it('reject is final: the browser is told, nobody can approve it', async () => {
    const t = await create()
    await act(t, 'scan', admin.token)
    expect((await act(t, 'reject', admin.token)).status).toBe(204)
    expect(await statusOf(t)).toEqual({ status: 'rejected' })
    expect((await act(t, 'approve', admin.token)).status).toBe(404)
    expect((await act(t, 'scan', admin.token)).status).toBe(404)
  })

  it('expires at 2 minutes: the poll says expired and the phone gets NOT_FOUND', async () => {
    const t = await create()
    const approved = await create()
    await act(approved, 'scan', admin.token)
    await act(approved, 'approve', admin.token)
    s.clock.advance(119_000)
    expect(await statusOf(t)).toEqual({ status: 'pending' })
    s.clock.advance(1_000)
    try {
      expect(await statusOf(t)).toEqual({ status: 'expired' })
      expect((await act(t, 'scan', admin.token)).status).toBe(404)
      // Approved but not collected in time: no tokens any more.
      expect(await statusOf(approved)).toEqual({ status: 'expired' })
    } finally {
      s.clock.advance(-120_000)
    }
  })

  it('a wrong pollToken or an unknown ticket is NOT_FOUND; a bad body is VALIDATION_FAILED', async () => {
    const t = await create()
    const wrong = await poll(t, `${t.pollToken.slice(0, -2)}xx`)
    expect(wrong.status).toBe(404)
    expect(wrong.body.error.code).toBe('NOT_FOUND')
    expect((await poll({ ...t, ticketId: 'AAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(404)
    expect((await poll({ ...t, ticketId: '../../etc' })).status).toBe(404)
    const missing = await s.request('POST', `/api/admin/login-tickets/${t.ticketId}/poll`, {
      body: {},
    })
    expect(missing.status).toBe(400)
    expect((await act({ ticketId: 'nope' }, 'scan', admin.token)).status).toBe(404)
  })

  it('scan, approve and reject need a signed-in user', async () => {
    const t = await create()
    for (const step of ['scan', 'approve', 'reject'] as const) {
      const res = await s.request('POST', `/api/admin/login-tickets/${t.ticketId}/${step}`)
      expect(res.status, step).toBe(401)
    }
  })

  it('an admin disabled after approving gets no session', async () => {
    const other = await s.login()
    await s.server.store.users.updateAccount(other.user.id, { roles: ['user', 'admin'] })
    const t = await create()
    await act(t, 'scan', other.accessToken)
    await act(t, 'approve', other.accessToken)
    await s.server.store.users.updateAccount(other.user.id, { status: 'disabled' })
    const res = await poll(t)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('USER_DISABLED')
    expect(await statusOf(t)).toEqual({ status: 'approved' })
  })

  it('WeChat refusing the code (quota 45009) is a typed error and makes no ticket', async () => {
    s.sim.injectFault({ endpoint: 'getwxacodeunlimit', errcode: 45009 })
    const res = await s.request('POST', '/api/admin/login-tickets')
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
    s.sim.injectFault({ endpoint: 'getwxacodeunlimit', errcode: 41030 })
    const page = await s.request('POST', '/api/admin/login-tickets')
    expect(page.status).toBe(502)
    expect(page.body.error.code).toBe('WX_UPSTREAM_ERROR')
  })

  describe('one-time sign-in links (admin:login-link)', () => {
    const redeem = (ticketId: string, secret: string) =>
      s.request('POST', `/api/admin/login-tickets/${ticketId}/poll`, {
        body: { pollToken: secret },
      })

    it('sign in once, for 10 minutes, only for an admin', async () => {
      const link = await issueLoginLink(s.server.store, admin.id, s.clock.now())
      const first = LoginTicketPoll.parse((await redeem(link.ticketId, link.secret)).body)
      expect(first.status).toBe('approved')
      expect(first.user?.id).toBe(admin.id)
      expect(
        (await s.request('GET', '/api/admin/stats', { token: first.accessToken })).status,
      ).toBe(200)
      expect((await redeem(link.ticketId, link.secret)).body).toEqual({ status: 'approved' })
      expect((await redeem(link.ticketId, 'not-the-secret')).status).toBe(404)
      // A link is not a QR ticket: the mini-program cannot scan it.
      expect((await act({ ticketId: link.ticketId }, 'scan', admin.token)).status).toBe(404)

      const late = await issueLoginLink(s.server.store, admin.id, s.clock.now())
      s.clock.advance(10 * 60_000)
      try {
        expect((await redeem(late.ticketId, late.secret)).body).toEqual({ status: 'expired' })
      } finally {
        s.clock.advance(-10 * 60_000)
      }
      await expect(issueLoginLink(s.server.store, plain.id, s.clock.now())).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
    })
  })
})

describe.each(storeTargets().slice(0, 1))('console sign-in tickets, rate limit', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { RATE_LIMIT_ADMIN_TICKETS_PER_MIN: '2' })
  })
  afterAll(() => s.close())

  it('creating tickets is limited per IP (each one is a WeChat call)', async () => {
    const codes = []
    for (let i = 0; i < 3; i++)
      codes.push((await s.request('POST', '/api/admin/login-tickets')).status)
    expect(codes).toEqual([200, 200, 429])
    expect(s.sim.stats().calls.getwxacodeunlimit).toBe(2)
  })
})
