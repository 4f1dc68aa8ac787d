import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: the audit log: append, filters, paging. */
export function auditConformance(t: ConformanceContext): void {
  const { at, MIN } = t

  describe('audit', () => {
    it('lists newest first, filters by action and user, and pages', async () => {
      const entry = (
        i: number,
        action: 'login' | 'phone_bound' | 'admin_update_user',
        actorId: string,
        targetId: string,
      ) =>
        t.store.audit.append({
          at: at(i * MIN),
          action,
          actorId,
          targetId,
          ip: '127.0.0.1',
          details: { i, nested: { ok: true } },
        })
      await entry(0, 'login', 'u1', 'u1')
      await entry(1, 'login', 'u2', 'u2')
      await entry(2, 'phone_bound', 'u1', 'u1')
      await entry(3, 'admin_update_user', 'admin', 'u2')
      await entry(4, 'login', 'admin', 'admin')
      const all = await t.store.audit.list({ page: 1, pageSize: 10 })
      expect(all.total).toBe(5)
      expect(all.items.map((e) => e.details.i)).toEqual([4, 3, 2, 1, 0])
      expect(all.items[4]).toMatchObject({
        at: at(0),
        action: 'login',
        actorId: 'u1',
        targetId: 'u1',
        ip: '127.0.0.1',
        details: { i: 0, nested: { ok: true } },
      })
      expect(typeof all.items[0]?.id).toBe('string')
      const logins = await t.store.audit.list({ action: 'login', page: 1, pageSize: 10 })
      expect(logins.items.map((e) => e.details.i)).toEqual([4, 1, 0])
      const u2 = await t.store.audit.list({ userId: 'u2', page: 1, pageSize: 10 })
      expect(u2.items.map((e) => e.details.i)).toEqual([3, 1])
      const adminLogins = await t.store.audit.list({
        userId: 'admin',
        action: 'login',
        page: 1,
        pageSize: 10,
      })
      expect(adminLogins.items.map((e) => e.details.i)).toEqual([4])
      const page2 = await t.store.audit.list({ page: 2, pageSize: 2 })
      expect(page2).toMatchObject({ total: 5 })
      expect(page2.items.map((e) => e.details.i)).toEqual([2, 1])
    })
  })
}
