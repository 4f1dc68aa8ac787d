import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: users: the login upsert (atomic, idempotent), unionid, profile, a disabled user. */
export function usersLoginConformance(t: ConformanceContext): void {
  const { at, MIN, login, newUser, expectAppError } = t

  describe('users.upsertOnLogin', () => {
    it('creates the user on first login with defaults', async () => {
      const { user, isNew } = await login('o-first', { now: at(5) })
      expect(isNew).toBe(true)
      expect(user.id).toMatch(/^[0-9a-f]{24}$/)
      expect(user).toMatchObject({
        appId: 'wxapp1',
        openid: 'o-first',
        unionid: null,
        phone: null,
        phoneNational: null,
        phoneCountryCode: null,
        nickname: null,
        avatarUrl: null,
        gender: 0,
        roles: ['user'],
        status: 'active',
        loginCount: 1,
        createdAt: at(5),
        lastLoginAt: at(5),
      })
      expect(await t.store.users.findById(user.id)).toEqual(user)
    })

    it('counts a second login and keeps createdAt', async () => {
      const first = await newUser('o-again', { now: at(0) })
      const { user, isNew } = await login('o-again', { now: at(MIN) })
      expect(isNew).toBe(false)
      expect(user).toMatchObject({
        id: first.id,
        loginCount: 2,
        createdAt: at(0),
        lastLoginAt: at(MIN),
      })
      expect(await t.store.users.findById(first.id)).toEqual(user)
    })

    it('is idempotent: repeated logins are one user', async () => {
      const ids = new Set<string>()
      for (let i = 0; i < 5; i++) ids.add((await newUser('o-repeat', { now: at(i * MIN) })).id)
      expect(ids.size).toBe(1)
      const { items, total } = await t.store.users.list({ page: 1, pageSize: 10 })
      expect(total).toBe(1)
      expect(items[0]?.loginCount).toBe(5)
    })

    it('50 parallel first logins of one openid make one user, exactly one isNew', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => login('o-race')))
      expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
      expect(results.filter((r) => r.isNew)).toHaveLength(1)
      const { total, items } = await t.store.users.list({ page: 1, pageSize: 10 })
      expect(total).toBe(1)
      expect(items[0]?.loginCount).toBe(50)
    })

    it('the same openid under two appIds is two users', async () => {
      const a = await login('o-shared', { appId: 'wxapp1' })
      const b = await login('o-shared', { appId: 'wxapp2' })
      expect(a.isNew && b.isNew).toBe(true)
      expect(a.user.id).not.toBe(b.user.id)
      expect(b.user.appId).toBe('wxapp2')
    })

    it('back-fills unionid once and never overwrites or stringifies it', async () => {
      const u = await newUser('o-union', { unionid: undefined })
      expect(u.unionid).toBeNull()
      expect((await login('o-union', { unionid: null })).user.unionid).toBeNull()
      expect((await login('o-union', { unionid: 'U-1' })).user.unionid).toBe('U-1')
      expect((await login('o-union', { unionid: null })).user.unionid).toBe('U-1')
      expect((await login('o-union')).user.unionid).toBe('U-1')
      expect((await login('o-union', { unionid: 'U-2' })).user.unionid).toBe('U-1')
      expect((await t.store.users.findById(u.id))?.unionid).toBe('U-1')
      await newUser('o-no-union')
      expect((await t.store.users.list({ q: 'undefined', page: 1, pageSize: 10 })).total).toBe(0)
    })

    it('applies the profile fields given, keeps the others', async () => {
      const first = await newUser('o-prof', {
        profile: {
          nickname: 'Ann',
          avatarUrl: 'https://img.example/a.png',
          gender: 2,
          city: 'Hangzhou',
        },
      })
      expect(first).toMatchObject({
        nickname: 'Ann',
        avatarUrl: 'https://img.example/a.png',
        gender: 2,
        city: 'Hangzhou',
      })
      const second = await newUser('o-prof', { profile: { nickname: 'Annie' } })
      expect(second).toMatchObject({
        nickname: 'Annie',
        avatarUrl: 'https://img.example/a.png',
        gender: 2,
        city: 'Hangzhou',
      })
      const third = await newUser('o-prof')
      expect(third).toMatchObject({ nickname: 'Annie', gender: 2, loginCount: 3 })
    })

    it('rejects a unionid held by another user of the same app with CONFLICT', async () => {
      await newUser('o-holder', { unionid: 'U-taken' })
      await expectAppError(login('o-newcomer', { unionid: 'U-taken' }), 'CONFLICT')
      expect((await t.store.users.list({ page: 1, pageSize: 10 })).total).toBe(1)
      const existing = await newUser('o-existing')
      await expectAppError(login('o-existing', { unionid: 'U-taken' }), 'CONFLICT')
      expect((await t.store.users.findById(existing.id))?.unionid).toBeNull()
      // One person has one unionid across the mini-programs of an open-platform account.
      const other = await login('o-other-app', { appId: 'wxapp2', unionid: 'U-taken' })
      expect(other.user.unionid).toBe('U-taken')
    })

    it('a disabled user is returned as stored and nothing is written (a refused login)', async () => {
      const before = await newUser('o-disabled', {
        now: at(0),
        profile: { nickname: 'Kept', avatarUrl: 'https://img.example/kept.png', city: "Xi'an" },
      })
      const disabled = await t.store.users.updateAccount(before.id, { status: 'disabled' })
      expect(disabled?.status).toBe('disabled')
      const refused = await login('o-disabled', {
        now: at(MIN),
        unionid: 'U-after-disable',
        profile: { nickname: 'Changed', avatarUrl: 'https://img.example/new.png', gender: 1 },
      })
      expect(refused).toEqual({ user: disabled, isNew: false })
      expect(await t.store.users.findById(before.id)).toEqual(disabled)
      expect(disabled).toMatchObject({ loginCount: 1, lastLoginAt: at(0), unionid: null })
      // A unionid held by another user is no CONFLICT either: nothing is written at all.
      await newUser('o-union-holder', { unionid: 'U-held' })
      expect((await login('o-disabled', { unionid: 'U-held' })).user).toEqual(disabled)
      // Enabled again, the next login counts and applies as usual.
      await t.store.users.updateAccount(before.id, { status: 'active' })
      const back = await login('o-disabled', { now: at(2 * MIN), profile: { nickname: 'Back' } })
      expect(back.user).toMatchObject({ status: 'active', loginCount: 2, nickname: 'Back' })
    })

    it('concurrent logins of a disabled user write nothing', async () => {
      const u = await newUser('o-disabled-race')
      const disabled = await t.store.users.updateAccount(u.id, { status: 'disabled' })
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          login('o-disabled-race', { now: at(i * MIN), profile: { nickname: `n${i}` } }),
        ),
      )
      for (const r of results) expect(r).toEqual({ user: disabled, isNew: false })
      expect(await t.store.users.findById(u.id)).toEqual(disabled)
    })
  })
}
