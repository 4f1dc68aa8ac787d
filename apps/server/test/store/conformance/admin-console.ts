import { describe, expect, it } from 'vitest'
import type { LoginTicketRecord } from '../../../src/store/store.js'
import type { ConformanceContext } from './context.js'

/** Conformance: what the admin console reads (counts, orders, filters) and its sign-in tickets. */
export function adminConsoleConformance(t: ConformanceContext): void {
  const { at, MIN, DAY } = t

  describe('admin console reads', () => {
    it('users.stats counts by status and since a time', async () => {
      const a = await t.newUser('o-stats-a', { now: at(0) })
      await t.newUser('o-stats-b', { now: at(DAY) })
      await t.newUser('o-stats-c', { now: at(2 * DAY) })
      await t.store.users.updateAccount(a.id, { status: 'disabled' })
      expect(await t.store.users.stats(at(DAY))).toEqual({
        total: 3,
        active: 2,
        disabled: 1,
        createdSince: 2,
      })
      expect((await t.store.users.stats(at(3 * DAY))).createdSince).toBe(0)
    })

    it('users.list filters by role, finds an id, and sorts by last login either way', async () => {
      const a = await t.newUser('o-sort-a', { now: at(0) })
      const b = await t.newUser('o-sort-b', { now: at(MIN) })
      const c = await t.newUser('o-sort-c', { now: at(2 * MIN) })
      await t.login('o-sort-a', { now: at(10 * MIN) }) // a logged in last
      await t.store.users.updateAccount(b.id, { roles: ['user', 'admin'] })
      const list = (q: Parameters<typeof t.store.users.list>[0]) =>
        t.store.users.list(q).then((r) => r.items.map((u) => u.id))
      const page = { page: 1, pageSize: 10 }
      expect(await list(page)).toEqual([c.id, b.id, a.id])
      expect(await list({ ...page, order: 'asc' })).toEqual([a.id, b.id, c.id])
      expect(await list({ ...page, sort: 'lastLoginAt' })).toEqual([a.id, c.id, b.id])
      expect(await list({ ...page, sort: 'lastLoginAt', order: 'asc' })).toEqual([b.id, c.id, a.id])
      expect(await list({ ...page, role: 'admin' })).toEqual([b.id])
      expect((await t.store.users.list({ ...page, role: 'admin' })).total).toBe(1)
      expect(await list({ ...page, role: 'user' })).toHaveLength(3)
      expect(await list({ ...page, q: c.id })).toEqual([c.id])
    })

    it('sessions.countAllActive counts every user’s live sessions', async () => {
      const session = (id: string, userId: string, end: number) =>
        t.store.sessions.create({
          id,
          userId,
          appId: 'wxapp1',
          createdAt: at(0),
          expiresAt: at(end),
          lastUsedAt: at(0),
          userAgent: null,
          ip: null,
        })
      await session('s-live-1', 'u1', DAY)
      await session('s-live-2', 'u2', DAY)
      await session('s-ended', 'u2', MIN)
      await session('s-revoked', 'u3', DAY)
      await t.store.sessions.revoke('s-revoked', 'logout', at(0))
      expect(await t.store.sessions.countAllActive(at(2 * MIN))).toBe(2)
    })

    it('audit.list filters by actor, target and a time range [from, to)', async () => {
      const entry = (i: number, actorId: string | null, targetId: string) =>
        t.store.audit.append({
          at: at(i * MIN),
          action: 'admin_update_user',
          actorId,
          targetId,
          ip: null,
          details: { i },
        })
      await entry(0, 'adm', 'u1')
      await entry(1, 'adm', 'u2')
      await entry(2, null, 'u2')
      await entry(3, 'u2', 'u2')
      const is = (q: Omit<Parameters<typeof t.store.audit.list>[0], 'page' | 'pageSize'>) =>
        t.store.audit
          .list({ ...q, page: 1, pageSize: 10 })
          .then((r) => r.items.map((e) => e.details.i))
      expect(await is({ actorId: 'adm' })).toEqual([1, 0])
      expect(await is({ targetId: 'u2' })).toEqual([3, 2, 1])
      expect(await is({ actorId: 'adm', targetId: 'u2' })).toEqual([1])
      expect(await is({ from: at(MIN), to: at(3 * MIN) })).toEqual([2, 1])
      expect(await is({ from: at(3 * MIN) })).toEqual([3])
    })
  })

  describe('login tickets', () => {
    const ticket = (over: Partial<LoginTicketRecord> = {}) => ({
      id: 'tkt-0123456789abcdef',
      kind: 'qr' as const,
      pollTokenHash: 'ab'.repeat(32),
      state: 'pending' as const,
      createdAt: at(0),
      expiresAt: at(2 * MIN),
      userAgent: 'Browser/1',
      ip: '203.0.113.9',
      scannedBy: null,
      approvedBy: null,
      ...over,
    })

    it('stores a ticket and reads it back', async () => {
      await t.store.loginTickets.create(ticket())
      expect(await t.store.loginTickets.findById('tkt-0123456789abcdef')).toEqual({
        ...ticket(),
        consumedAt: null,
      })
      expect(await t.store.loginTickets.findById('tkt-unknown-000000')).toBeNull()
    })

    it('transition is a compare-and-set on state, expiry, use and scanner', async () => {
      const { loginTickets } = t.store
      await loginTickets.create(ticket())
      const scan = (by: string, now = at(MIN)) =>
        loginTickets.transition({
          id: 'tkt-0123456789abcdef',
          from: ['pending', 'scanned'],
          to: 'scanned',
          now,
          set: { scannedBy: by },
        })
      const approve = (by: string, now = at(MIN)) =>
        loginTickets.transition({
          id: 'tkt-0123456789abcdef',
          from: ['scanned'],
          to: 'approved',
          now,
          scannedBy: by,
          set: { approvedBy: by },
        })
      expect(await approve('u1')).toBeNull()
      expect(await scan('u1')).toMatchObject({ state: 'scanned', scannedBy: 'u1' })
      expect(await scan('u2')).toMatchObject({ state: 'scanned', scannedBy: 'u2' })
      expect(await approve('u1')).toBeNull()
      expect(await approve('u2', at(2 * MIN))).toBeNull() // expired
      expect(await approve('u2')).toMatchObject({
        state: 'approved',
        scannedBy: 'u2',
        approvedBy: 'u2',
      })
      expect(await scan('u1')).toBeNull()
    })

    it('consume succeeds once for an approved, live ticket, however many race', async () => {
      const { loginTickets } = t.store
      await loginTickets.create(ticket({ state: 'approved', approvedBy: 'u1' }))
      await loginTickets.create(ticket({ id: 'tkt-pending-0000000' }))
      expect(await loginTickets.consume('tkt-pending-0000000', at(MIN))).toBe(false)
      expect(await loginTickets.consume('tkt-0123456789abcdef', at(2 * MIN))).toBe(false)
      const wins = await Promise.all(
        Array.from({ length: 5 }, () => loginTickets.consume('tkt-0123456789abcdef', at(MIN))),
      )
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect((await loginTickets.findById('tkt-0123456789abcdef'))?.consumedAt).toEqual(at(MIN))
      // A consumed ticket cannot move any more.
      expect(
        await loginTickets.transition({
          id: 'tkt-0123456789abcdef',
          from: ['approved'],
          to: 'rejected',
          now: at(MIN),
          set: {},
        }),
      ).toBeNull()
    })
  })
}
