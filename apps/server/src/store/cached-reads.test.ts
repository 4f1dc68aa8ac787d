import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withCachedReads } from './cached-reads.js'
import { createSqliteStore } from './sqlite/sqlite-store.js'
import type { Store } from './store.js'

describe('withCachedReads', () => {
  let dir: string
  let db: Store
  let store: Store
  let now = 0
  const day = new Date('2026-11-24T00:00:00Z')

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-cache-'))
    db = await createSqliteStore({ dataDir: dir })
    store = withCachedReads(db, { ttlMs: 1000, now: () => now })
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const newSession = async (userId: string) =>
    store.sessions.create({
      id: `s-${userId}`,
      userId,
      appId: 'wx',
      createdAt: day,
      expiresAt: new Date('2027-01-01'),
      lastUsedAt: day,
      userAgent: null,
      ip: null,
    })

  it('serves repeated reads from memory until the TTL ends', async () => {
    const { user } = await store.users.upsertOnLogin({ appId: 'wx', openid: 'o1', now: day })
    const spy = vi.spyOn(db.users, 'findById')
    await store.users.findById(user.id)
    await store.users.findById(user.id)
    expect(spy).toHaveBeenCalledTimes(1)
    now += 1001
    await store.users.findById(user.id)
    expect(spy).toHaveBeenCalledTimes(2)
  })

  it('its own writes are visible at once: profile, account, phone, revoke, revoke-all', async () => {
    const { user } = await store.users.upsertOnLogin({ appId: 'wx', openid: 'o2', now: day })
    await store.users.findById(user.id)
    await store.users.updateAccount(user.id, { status: 'disabled' })
    expect((await store.users.findById(user.id))?.status).toBe('disabled')
    await store.users.updateProfile(user.id, { nickname: 'new' })
    expect((await store.users.findById(user.id))?.nickname).toBe('new')
    await store.users.setPhone(user.id, {
      phone: '+8613800138000',
      phoneNational: '13800138000',
      phoneCountryCode: '86',
    })
    expect((await store.users.findById(user.id))?.phone).toBe('+8613800138000')

    const session = await newSession(user.id)
    await store.sessions.findById(session.id)
    await store.sessions.revoke(session.id, 'logout', day)
    expect((await store.sessions.findById(session.id))?.revokedAt).not.toBeNull()

    const other = await newSession('someone')
    await store.sessions.findById(other.id)
    await store.sessions.revokeAllForUser('someone', 'logout_all', day)
    expect((await store.sessions.findById(other.id))?.revokedAt).not.toBeNull()
  })

  it('agreement, logout-others and account deletion are visible at once (the deleted account stops)', async () => {
    const { user } = await store.users.upsertOnLogin({ appId: 'wx', openid: 'o4', now: day })
    await store.users.findById(user.id)
    await store.users.acceptAgreement(user.id, { version: '2', acceptedAt: day })
    expect((await store.users.findById(user.id))?.agreement?.version).toBe('2')

    const kept = await newSession(user.id)
    const other = await store.sessions.create({ ...kept, id: 's-other-device' })
    await store.sessions.findById(other.id)
    await store.sessions.revokeAllForUser(user.id, 'logout_others', day, kept.id)
    expect((await store.sessions.findById(other.id))?.revokedAt).not.toBeNull()

    await store.sessions.findById(kept.id)
    await store.users.deleteAccount(user.id, day)
    expect(await store.users.findById(user.id)).toBeNull()
    expect((await store.sessions.findById(kept.id))?.revokedAt).not.toBeNull()
  })

  it('does not cache misses, and a TTL of 0 returns the store itself', async () => {
    expect(await store.users.findById('0123456789abcdef01234567')).toBeNull()
    const { user } = await db.users.upsertOnLogin({ appId: 'wx', openid: 'o3', now: day })
    expect((await store.users.findById(user.id))?.id).toBe(user.id)
    expect(withCachedReads(db, { ttlMs: 0 })).toBe(db)
  })
})
