import { describe, expect, it } from 'vitest'
import type { RefreshTokenRecord, SessionRecord, UserRecord } from '../store/store.js'
import { checkSession, REFRESH_GRACE_MS, replayDecision } from './session-policy.js'

const NOW = new Date('2026-03-01T08:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms)
const later = (ms: number) => new Date(NOW.getTime() + ms)

const user = (more: Partial<UserRecord> = {}) =>
  ({ id: 'u1', status: 'active', ...more }) as UserRecord
const session = (more: Partial<SessionRecord> = {}) =>
  ({ id: 's1', userId: 'u1', expiresAt: later(60_000), revokedAt: null, ...more }) as SessionRecord

describe('checkSession', () => {
  const codeOf = (check: ReturnType<typeof checkSession>) => (check.ok ? null : check.error.code)

  it('a live session of an active user is usable, for both uses', () => {
    for (const use of ['access', 'refresh'] as const)
      expect(checkSession(use, session(), user(), NOW)).toMatchObject({ ok: true })
  })

  it.each([
    ['no session', null, user()],
    ['no user', session(), null],
    ['a session of another user', session({ userId: 'u2' }), user()],
    ['a revoked session', session({ revokedAt: ago(1) }), user()],
    ['a session at its absolute end', session({ expiresAt: NOW }), user()],
  ])('%s has ended: AUTH_TOKEN_INVALID / REFRESH_TOKEN_INVALID', (_name, s, u) => {
    expect(codeOf(checkSession('access', s, u, NOW))).toBe('AUTH_TOKEN_INVALID')
    expect(codeOf(checkSession('refresh', s, u, NOW))).toBe('REFRESH_TOKEN_INVALID')
  })

  it('a disabled user is told so before revocation and expiry (disabling revokes)', () => {
    const disabled = user({ status: 'disabled' })
    for (const s of [session(), session({ revokedAt: ago(1) }), session({ expiresAt: ago(1) })]) {
      expect(codeOf(checkSession('access', s, disabled, NOW))).toBe('USER_DISABLED')
      expect(codeOf(checkSession('refresh', s, disabled, NOW))).toBe('USER_DISABLED')
    }
  })
})

describe('replayDecision', () => {
  const token = (usedAt: Date | null): RefreshTokenRecord => ({
    hash: 'h',
    sessionId: 's1',
    userId: 'u1',
    createdAt: ago(REFRESH_GRACE_MS),
    usedAt,
    expiresAt: later(60_000),
  })

  it('the grace is 30 s, boundary included', () => {
    expect(REFRESH_GRACE_MS).toBe(30_000)
    const child = [token(null)]
    expect(replayDecision({ usedAt: ago(30_000), successors: child, now: NOW })).toEqual({
      replay: true,
      index: 0,
    })
    expect(replayDecision({ usedAt: ago(30_001), successors: child, now: NOW })).toEqual({
      replay: false,
    })
    expect(replayDecision({ usedAt: NOW, successors: child, now: NOW }).replay).toBe(true)
  })

  it('a key rotation between the first use and the retry: the successor the older key derived', () => {
    // Newest key first: the first use ran on the old key, so only its successor is stored.
    expect(
      replayDecision({ usedAt: ago(5_000), successors: [null, token(null)], now: NOW }),
    ).toEqual({ replay: true, index: 1 })
  })

  it('a successor already used means the client moved on: reuse, within the grace too', () => {
    expect(replayDecision({ usedAt: ago(1_000), successors: [token(ago(500))], now: NOW })).toEqual(
      { replay: false },
    )
    expect(
      replayDecision({ usedAt: ago(1_000), successors: [null, token(ago(500))], now: NOW }),
    ).toEqual({ replay: false })
  })

  it('no successor stored yet (the first use is still writing it): the newest key derives it', () => {
    expect(replayDecision({ usedAt: ago(10), successors: [null, null], now: NOW })).toEqual({
      replay: true,
      index: 0,
    })
  })

  it('an unknown first use is never a retry', () => {
    expect(replayDecision({ usedAt: null, successors: [token(null)], now: NOW })).toEqual({
      replay: false,
    })
  })
})
