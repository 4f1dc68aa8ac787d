import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: a user's active sessions (the devices list) and logout-others. */
export function sessionListingConformance(t: ConformanceContext): void {
  const { at, MIN, DAY, newUser } = t

  const open = (userId: string, id: string, more: { lastUsed?: number; ends?: number } = {}) =>
    t.store.sessions.create({
      id,
      userId,
      appId: 'wxapp1',
      createdAt: at(0),
      expiresAt: at(more.ends ?? 30 * DAY),
      lastUsedAt: at(more.lastUsed ?? 0),
      userAgent: `agent of ${id}`,
      ip: '203.0.113.7',
    })
  const ids = (sessions: { id: string }[]) => sessions.map((s) => s.id)

  describe('sessions.listActive', () => {
    it('lists only active sessions of the user, most recently used first', async () => {
      const u = await newUser('o-list-1')
      const other = await newUser('o-list-1-other')
      await open(u.id, 'l-old', { lastUsed: MIN })
      await open(u.id, 'l-new', { lastUsed: 5 * MIN })
      await open(u.id, 'l-mid', { lastUsed: 3 * MIN })
      await open(u.id, 'l-revoked', { lastUsed: 9 * MIN })
      await open(u.id, 'l-expired', { lastUsed: 9 * MIN, ends: 10 * MIN })
      await open(other.id, 'l-other', { lastUsed: 9 * MIN })
      await t.store.sessions.revoke('l-revoked', 'logout', at(6 * MIN))

      const listed = await t.store.sessions.listActive(u.id, at(20 * MIN), 10)
      expect(ids(listed)).toEqual(['l-new', 'l-mid', 'l-old'])
      expect(listed[0]).toEqual(await t.store.sessions.findById('l-new'))
      // A refresh moves a session to the top.
      await t.store.sessions.touch('l-old', at(21 * MIN))
      expect(ids(await t.store.sessions.listActive(u.id, at(22 * MIN), 10))).toEqual([
        'l-old',
        'l-new',
        'l-mid',
      ])
      expect(await t.store.sessions.listActive('nobody', at(0), 10)).toEqual([])
    })

    it('breaks ties by creation, then id, and stops at the limit', async () => {
      const u = await newUser('o-list-2')
      for (const id of ['t-a', 't-c', 't-b']) await open(u.id, id, { lastUsed: MIN })
      expect(ids(await t.store.sessions.listActive(u.id, at(2 * MIN), 10))).toEqual([
        't-c',
        't-b',
        't-a',
      ])
      expect(ids(await t.store.sessions.listActive(u.id, at(2 * MIN), 2))).toEqual(['t-c', 't-b'])
    })
  })

  describe('sessions.revokeAllForUser with an exception (logout-others)', () => {
    it('revokes every other active session and keeps the excepted one', async () => {
      const u = await newUser('o-others')
      const other = await newUser('o-others-x')
      await open(u.id, 'k-keep')
      await open(u.id, 'k-a')
      await open(u.id, 'k-b')
      await open(other.id, 'k-other')
      expect(
        await t.store.sessions.revokeAllForUser(u.id, 'logout_others', at(MIN), 'k-keep'),
      ).toBe(2)
      expect(ids(await t.store.sessions.listActive(u.id, at(MIN), 10))).toEqual(['k-keep'])
      expect(await t.store.sessions.findById('k-a')).toMatchObject({
        revokedAt: at(MIN),
        revokedReason: 'logout_others',
      })
      expect(await t.store.sessions.findById('k-other')).toMatchObject({ revokedAt: null })
      expect(
        await t.store.sessions.revokeAllForUser(u.id, 'logout_others', at(2 * MIN), 'k-keep'),
      ).toBe(0)
    })
  })
}
