import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: sessions and refresh tokens: single-use consume, revoke, expiry. */
export function sessionsConformance(t: ConformanceContext): void {
  const { at, MIN, DAY, newUser } = t

  describe('sessions', () => {
    const open = async (userId: string, id: string, expiresInMs = 30 * DAY) =>
      t.store.sessions.create({
        id,
        userId,
        appId: 'wxapp1',
        createdAt: at(0),
        expiresAt: at(expiresInMs),
        lastUsedAt: at(0),
        userAgent: 'test-agent',
        ip: '127.0.0.1',
      })
    const token = (hash: string, sessionId: string, userId: string) => ({
      hash,
      sessionId,
      userId,
      createdAt: at(0),
      expiresAt: at(30 * DAY),
    })

    it('creates and finds a session', async () => {
      const u = await newUser('o-s1')
      const s = await open(u.id, 'sess-1')
      expect(s).toMatchObject({
        id: 'sess-1',
        userId: u.id,
        revokedAt: null,
        revokedReason: null,
      })
      expect(await t.store.sessions.findById('sess-1')).toEqual(s)
      expect(await t.store.sessions.findById('sess-unknown')).toBeNull()
    })

    it('adds refresh tokens idempotently and consumes each once', async () => {
      const u = await newUser('o-s2')
      await open(u.id, 'sess-2')
      await t.store.sessions.addRefreshToken(token('h-1', 'sess-2', u.id))
      await t.store.sessions.addRefreshToken(token('h-1', 'sess-2', u.id))
      expect(await t.store.sessions.findRefreshToken('h-1')).toEqual({
        ...token('h-1', 'sess-2', u.id),
        usedAt: null,
      })
      expect(await t.store.sessions.findRefreshToken('h-unknown')).toBeNull()
      expect(await t.store.sessions.consumeRefreshToken('h-1', at(MIN))).toBe(true)
      expect(await t.store.sessions.consumeRefreshToken('h-1', at(2 * MIN))).toBe(false)
      expect((await t.store.sessions.findRefreshToken('h-1'))?.usedAt).toEqual(at(MIN))
      expect(await t.store.sessions.consumeRefreshToken('h-unknown', at(MIN))).toBe(false)
    })

    it('50 parallel consumes of one token: exactly one wins', async () => {
      const u = await newUser('o-s3')
      await open(u.id, 'sess-3')
      await t.store.sessions.addRefreshToken(token('h-race', 'sess-3', u.id))
      const wins = await Promise.all(
        Array.from({ length: 50 }, () => t.store.sessions.consumeRefreshToken('h-race', at(MIN))),
      )
      expect(wins.filter(Boolean)).toHaveLength(1)
    })

    it('revokes once, and revokeAllForUser/countActive count only active sessions', async () => {
      const u = await newUser('o-s4')
      const other = await newUser('o-s4-other')
      await open(u.id, 's-a')
      await open(u.id, 's-b')
      await open(u.id, 's-c')
      await open(u.id, 's-expired', MIN)
      await open(other.id, 's-other')
      expect(await t.store.sessions.countActive(u.id, at(2 * MIN))).toBe(3)
      expect(await t.store.sessions.revoke('s-c', 'logout', at(2 * MIN))).toBe(true)
      expect(await t.store.sessions.revoke('s-c', 'logout', at(3 * MIN))).toBe(false)
      expect(await t.store.sessions.revoke('s-unknown', 'logout', at(3 * MIN))).toBe(false)
      expect(await t.store.sessions.findById('s-c')).toMatchObject({
        revokedAt: at(2 * MIN),
        revokedReason: 'logout',
      })
      expect(await t.store.sessions.countActive(u.id, at(2 * MIN))).toBe(2)
      expect(await t.store.sessions.revokeAllForUser(u.id, 'logout_all', at(4 * MIN))).toBe(2)
      expect(await t.store.sessions.countActive(u.id, at(4 * MIN))).toBe(0)
      expect(await t.store.sessions.findById('s-a')).toMatchObject({
        revokedAt: at(4 * MIN),
        revokedReason: 'logout_all',
      })
      expect(await t.store.sessions.countActive(other.id, at(4 * MIN))).toBe(1)
      expect(await t.store.sessions.revokeAllForUser(u.id, 'logout_all', at(5 * MIN))).toBe(0)
    })

    it('touch moves lastUsedAt', async () => {
      const u = await newUser('o-s5')
      await open(u.id, 'sess-5')
      await t.store.sessions.touch('sess-5', at(7 * MIN))
      expect((await t.store.sessions.findById('sess-5'))?.lastUsedAt).toEqual(at(7 * MIN))
    })
  })
}
