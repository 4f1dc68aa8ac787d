import { describe, expect, it } from 'vitest'
import type { NewModerationItem } from '../../../src/store/store.js'
import type { ConformanceContext } from './context.js'

/**
 * Conformance: content security: conditional profile updates, users by avatar file, the
 * moderation queue and the image checks waiting for a verdict.
 */
export function contentConformance(t: ConformanceContext): void {
  const { at, MIN, newUser } = t
  const file = `${'c'.repeat(64)}.png`

  describe('users: conditional updates and avatar files', () => {
    it('updateProfileIf changes the user only while the expected values still hold', async () => {
      const url = `http://127.0.0.1:3000/avatars/${file}`
      const u = await newUser('o-cond', { profile: { nickname: 'Mallory', avatarUrl: url } })
      await t.store.users.updateProfile(u.id, { avatarReview: 'pending' })

      const stale = await t.store.users.updateProfileIf(
        u.id,
        { avatarUrl: 'https://elsewhere.example/a.png', avatarReview: 'pending' },
        { avatarReview: 'approved' },
      )
      expect(stale).toBeNull()
      expect((await t.store.users.findById(u.id))?.avatarReview).toBe('pending')

      const change = await t.store.users.updateProfileIf(
        u.id,
        { avatarUrl: url, avatarReview: 'pending' },
        { avatarUrl: null, avatarReview: 'rejected' },
      )
      expect(change?.before).toMatchObject({ avatarUrl: url, avatarReview: 'pending' })
      expect(change?.after).toMatchObject({ avatarUrl: null, avatarReview: 'rejected' })
      expect(await t.store.users.findById(u.id)).toEqual(change?.after)
      // Expecting null matches null, and an empty patch changes nothing.
      expect(
        (await t.store.users.updateProfileIf(u.id, { avatarUrl: null, bio: null }, {}))?.after,
      ).toEqual(change?.after)
      expect(
        await t.store.users.updateProfileIf(u.id, { nickname: 'Eve' }, { nickname: null }),
      ).toBeNull()
      expect(
        await t.store.users.updateProfileIf('ffffffffffffffffffffffff', {}, { bio: 'x' }),
      ).toBeNull()
      expect(await t.store.users.updateProfileIf('not-an-id', {}, { bio: 'x' })).toBeNull()
    })

    it('listByAvatarFile finds every user showing a file, whatever the origin, up to a limit', async () => {
      const a = await newUser('o-file-a', {
        profile: { avatarUrl: `http://127.0.0.1:3000/avatars/${file}` },
      })
      const b = await newUser('o-file-b', {
        profile: { avatarUrl: `https://api.example/avatars/${file}` },
      })
      await newUser('o-file-c', { profile: { avatarUrl: `https://api.example/avatars/x${file}` } })
      const found = await t.store.users.listByAvatarFile(file, 10)
      expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort())
      expect(await t.store.users.listByAvatarFile(file, 1)).toHaveLength(1)
      expect(await t.store.users.listByAvatarFile(`${'d'.repeat(64)}.png`, 10)).toEqual([])
    })
  })

  describe('moderation queue', () => {
    const item = (n: number, more: Partial<NewModerationItem> = {}): NewModerationItem => ({
      userId: `u${n}`,
      kind: 'nickname',
      content: `text ${n}`,
      suggest: 'review',
      label: 21000,
      status: 'open',
      reason: 'review',
      traceId: `trace-${n}`,
      createdAt: at(n * MIN),
      decidedAt: null,
      decidedBy: null,
      ...more,
    })

    it('adds, finds, lists open items oldest first and counts them', async () => {
      const first = await t.store.moderation.add(item(1))
      expect(first).toEqual({ id: expect.any(String), ...item(1) })
      expect(await t.store.moderation.findById(first.id)).toEqual(first)
      await t.store.moderation.add(item(3, { kind: 'avatar', label: null, traceId: null }))
      await t.store.moderation.add(item(2, { kind: 'bio' }))
      const open = await t.store.moderation.list({ status: 'open', page: 1, pageSize: 10 })
      expect(open.total).toBe(3)
      expect(open.items.map((i) => i.content)).toEqual(['text 1', 'text 2', 'text 3'])
      expect(open.items[2]).toMatchObject({ kind: 'avatar', label: null, traceId: null })
      const page2 = await t.store.moderation.list({ status: 'open', page: 2, pageSize: 2 })
      expect(page2).toMatchObject({ total: 3, items: [{ content: 'text 3' }] })
      expect(await t.store.moderation.countOpen()).toBe(3)
      expect(await t.store.moderation.findById('ffffffffffffffffffffffff')).toBeNull()
      expect(await t.store.moderation.findById('not-an-id')).toBeNull()
    })

    it('keeps one open item per user, kind and content, however often it is added', async () => {
      const added = await Promise.all([1, 2, 3].map(() => t.store.moderation.add(item(7))))
      expect(new Set(added.map((i) => i.id)).size).toBe(1)
      await t.store.moderation.add(item(7, { kind: 'bio' }))
      expect(await t.store.moderation.countOpen()).toBe(2)
      // Once decided, the same text sent again is a new item.
      await t.store.moderation.decide(added[0]!.id, { status: 'approved', by: 'a', at: at(MIN) })
      expect((await t.store.moderation.add(item(7))).id).not.toBe(added[0]!.id)
    })

    it('decides an open item once; closed items list newest decision first', async () => {
      const a = await t.store.moderation.add(item(1))
      const b = await t.store.moderation.add(item(2))
      const closedAtOnce = await t.store.moderation.add(
        item(3, { status: 'rejected', suggest: 'risky', reason: 'risky', decidedAt: at(3 * MIN) }),
      )
      expect(closedAtOnce.status).toBe('rejected')
      const decisions = await Promise.all([
        t.store.moderation.decide(a.id, { status: 'rejected', by: 'admin1', at: at(10 * MIN) }),
        t.store.moderation.decide(a.id, { status: 'approved', by: 'admin2', at: at(10 * MIN) }),
      ])
      expect(decisions.filter((d) => d !== null)).toHaveLength(1)
      const winner = decisions.find((d) => d !== null)!
      expect(await t.store.moderation.findById(a.id)).toEqual(winner)
      expect(winner).toMatchObject({ decidedAt: at(10 * MIN) })
      await t.store.moderation.decide(b.id, { status: 'approved', by: 'admin1', at: at(5 * MIN) })
      expect(
        await t.store.moderation.decide('ffffffffffffffffffffffff', {
          status: 'approved',
          by: null,
          at: at(0),
        }),
      ).toBeNull()
      const closed = await t.store.moderation.list({ status: 'closed', page: 1, pageSize: 10 })
      expect(closed.total).toBe(3)
      expect(closed.items.map((i) => i.id)).toEqual([a.id, b.id, closedAtOnce.id])
      expect(await t.store.moderation.countOpen()).toBe(0)
    })
  })

  it('removeForUser deletes every moderation item and image check of one user only', async () => {
    const base = {
      kind: 'bio' as const,
      suggest: 'review' as const,
      label: null,
      status: 'open' as const,
      reason: 'review' as const,
      traceId: null,
      createdAt: at(0),
      decidedAt: null,
      decidedBy: null,
    }
    await t.store.moderation.add({ ...base, userId: 'gone', content: 'a' })
    await t.store.moderation.add({ ...base, userId: 'gone', content: 'b', status: 'rejected' })
    const kept = await t.store.moderation.add({ ...base, userId: 'stays', content: 'c' })
    const check = { appId: 'wxapp1', mediaUrl: 'https://x/a.png', createdAt: at(0) }
    await t.store.mediaChecks.add({ ...check, traceId: 't-gone', userId: 'gone' })
    await t.store.mediaChecks.add({ ...check, traceId: 't-stays', userId: 'stays' })
    await t.store.moderation.removeForUser('gone')
    await t.store.mediaChecks.removeForUser('gone')
    const all = [
      ...(await t.store.moderation.list({ status: 'open', page: 1, pageSize: 10 })).items,
      ...(await t.store.moderation.list({ status: 'closed', page: 1, pageSize: 10 })).items,
    ]
    expect(all.map((i) => i.id)).toEqual([kept.id])
    expect(await t.store.mediaChecks.findByTraceId('t-gone')).toBeNull()
    expect(await t.store.mediaChecks.findByTraceId('t-stays')).not.toBeNull()
  })

  it("deleteAccount erases the user's moderation items and image checks with the account", async () => {
    const u = await newUser('o-erase-content')
    await t.store.moderation.add({
      userId: u.id,
      kind: 'nickname',
      content: 'borderline name',
      suggest: 'review',
      label: 21000,
      status: 'open',
      reason: 'review',
      traceId: null,
      createdAt: at(0),
      decidedAt: null,
      decidedBy: null,
    })
    await t.store.mediaChecks.add({
      traceId: 't-erase',
      appId: 'wxapp1',
      userId: u.id,
      mediaUrl: 'https://x/erase.png',
      createdAt: at(0),
    })
    expect(await t.store.users.deleteAccount(u.id, at(1))).not.toBeNull()
    const open = await t.store.moderation.list({ status: 'open', page: 1, pageSize: 100 })
    expect(open.items.filter((i) => i.userId === u.id)).toEqual([])
    expect(await t.store.mediaChecks.findByTraceId('t-erase')).toBeNull()
  })

  describe('image checks', () => {
    const check = (n: number, minutes: number) => ({
      traceId: `trace-${n}`,
      appId: 'wxapp1',
      userId: `u${n}`,
      mediaUrl: `https://api.example/avatars/${n}.png`,
      createdAt: at(minutes * MIN),
    })

    it('adds a pending check once and settles it once, also after it expired', async () => {
      await t.store.mediaChecks.add(check(1, 0))
      await t.store.mediaChecks.add({ ...check(1, 5), userId: 'someone else' })
      expect(await t.store.mediaChecks.findByTraceId('trace-1')).toEqual({
        ...check(1, 0),
        status: 'pending',
        suggest: null,
        label: null,
        settledAt: null,
      })
      expect(await t.store.mediaChecks.countPending()).toBe(1)
      const settled = await Promise.all([
        t.store.mediaChecks.settle('trace-1', { suggest: 'risky', label: 20002 }, at(MIN)),
        t.store.mediaChecks.settle('trace-1', { suggest: 'risky', label: 20002 }, at(MIN)),
      ])
      expect(settled.filter((s) => s !== null)).toEqual([
        { ...check(1, 0), status: 'settled', suggest: 'risky', label: 20002, settledAt: at(MIN) },
      ])
      expect(
        await t.store.mediaChecks.settle('unknown', { suggest: 'pass', label: 100 }, at(0)),
      ).toBeNull()
      expect(await t.store.mediaChecks.countPending()).toBe(0)
      // settled → applied once its verdict was applied; then a retried push settles nothing.
      await t.store.mediaChecks.markApplied('trace-1')
      await t.store.mediaChecks.markApplied('unknown')
      expect((await t.store.mediaChecks.findByTraceId('trace-1'))?.status).toBe('applied')
      expect(
        await t.store.mediaChecks.settle('trace-1', { suggest: 'pass', label: 100 }, at(MIN)),
      ).toBeNull()

      await t.store.mediaChecks.add(check(2, 0))
      expect(await t.store.mediaChecks.expire(at(60 * MIN), 10)).toHaveLength(1)
      const late = await t.store.mediaChecks.settle(
        'trace-2',
        { suggest: null, label: null },
        at(90 * MIN),
      )
      expect(late).toMatchObject({ status: 'settled', suggest: null, settledAt: at(90 * MIN) })
    })

    it('expires pending checks older than the bound, oldest first, each once', async () => {
      for (const [n, minutes] of [
        [1, 0],
        [2, 10],
        [3, 20],
        [4, 70],
      ] as const)
        await t.store.mediaChecks.add(check(n, minutes))
      await t.store.mediaChecks.settle('trace-2', { suggest: 'pass', label: 100 }, at(15 * MIN))
      const [first, second] = await Promise.all([
        t.store.mediaChecks.expire(at(60 * MIN), 1),
        t.store.mediaChecks.expire(at(60 * MIN), 1),
      ])
      const both = [...first, ...second]
      expect(both.map((c) => c.traceId).sort()).toEqual(['trace-1', 'trace-3'])
      expect(both.every((c) => c.status === 'expired')).toBe(true)
      expect(await t.store.mediaChecks.expire(at(60 * MIN), 10)).toEqual([])
      expect(await t.store.mediaChecks.countPending()).toBe(1)
      expect((await t.store.mediaChecks.findByTraceId('trace-2'))?.status).toBe('settled')
    })
  })
}
