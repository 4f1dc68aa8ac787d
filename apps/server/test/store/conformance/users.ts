import { describe, expect, it } from 'vitest'
import type { UserRecord } from '../../../src/store/store.js'
import type { ConformanceContext } from './context.js'

/** Conformance: users: profile updates, lookups, avatar references, phone, account, list. */
export function usersConformance(t: ConformanceContext): void {
  const { at, MIN, login, newUser, expectAppError } = t

  describe('users: updates and lookups', () => {
    it('updateProfile changes only the given fields and returns the user before and after', async () => {
      const u = await newUser('o-upd', {
        profile: { nickname: 'Old', avatarUrl: 'https://img.example/o.png', gender: 1 },
      })
      const change = await t.store.users.updateProfile(u.id, {
        nickname: 'New',
        bio: 'hello',
        city: null,
      })
      expect(change).toEqual({
        before: u,
        after: { ...u, nickname: 'New', bio: 'hello', city: null },
      })
      expect(await t.store.users.findById(u.id)).toEqual(change?.after)
      expect(await t.store.users.updateProfile(u.id, {})).toEqual({
        before: change?.after,
        after: change?.after,
      })
      expect(
        await t.store.users.updateProfile('ffffffffffffffffffffffff', { nickname: 'x' }),
      ).toBeNull()
      expect(await t.store.users.updateProfile('not-an-id', { nickname: 'x' })).toBeNull()
    })

    it('updateProfile returns what each of concurrent updates replaced', async () => {
      const u = await newUser('o-upd-race', { profile: { avatarUrl: 'https://a.example/0.png' } })
      const urls = Array.from({ length: 8 }, (_, i) => `https://a.example/${i + 1}.png`)
      const changes = await Promise.all(
        urls.map((avatarUrl) => t.store.users.updateProfile(u.id, { avatarUrl })),
      )
      // Each update replaced exactly one value, so the befores chain from the first to the last.
      const replaced = changes.map((c) => c?.before.avatarUrl)
      const final = (await t.store.users.findById(u.id))?.avatarUrl
      expect(new Set([...replaced, final])).toEqual(new Set(['https://a.example/0.png', ...urls]))
    })

    it("avatarInUse matches the file name at the end of any user's avatar URL, any origin", async () => {
      const file = `${'a'.repeat(64)}.png`
      expect(await t.store.users.avatarInUse(file)).toBe(false)
      const a = await newUser('o-av-a', {
        profile: { avatarUrl: `http://127.0.0.1:3000/avatars/${file}` },
      })
      await newUser('o-av-b', { profile: { avatarUrl: `https://cdn.example/x/${file}x` } })
      await newUser('o-av-c', {
        profile: { avatarUrl: `https://cdn.example/${'b'.repeat(64)}.png` },
      })
      expect(await t.store.users.avatarInUse(file)).toBe(true)
      expect(await t.store.users.avatarInUse(`${'b'.repeat(64)}.png`)).toBe(true)
      expect(await t.store.users.avatarInUse(`${'a'.repeat(64)}.jpg`)).toBe(false)
      expect(await t.store.users.avatarInUse('.png')).toBe(false) // a whole name, after a slash
      await t.store.users.updateProfile(a.id, { avatarUrl: `https://api.example/avatars/${file}` })
      expect(await t.store.users.avatarInUse(file)).toBe(true)
      await t.store.users.updateProfile(a.id, { avatarUrl: null })
      expect(await t.store.users.avatarInUse(file)).toBe(false)
    })

    it('findById returns null for unknown ids', async () => {
      expect(await t.store.users.findById('ffffffffffffffffffffffff')).toBeNull()
      expect(await t.store.users.findById('not-an-id')).toBeNull()
    })

    it('setPhone binds a phone to one user only', async () => {
      const a = await newUser('o-phone-a')
      const b = await newUser('o-phone-b')
      const p1 = { phone: '+8613800138000', phoneNational: '13800138000', phoneCountryCode: '86' }
      const p2 = { phone: '+8613900139000', phoneNational: '13900139000', phoneCountryCode: '86' }
      expect(await t.store.users.setPhone(a.id, p1)).toEqual({ ...a, ...p1 })
      await expectAppError(t.store.users.setPhone(b.id, p1), 'CONFLICT')
      expect((await t.store.users.findById(b.id))?.phone).toBeNull()
      expect((await t.store.users.setPhone(a.id, p1))?.phone).toBe(p1.phone)
      expect((await t.store.users.setPhone(a.id, p2))?.phone).toBe(p2.phone)
      expect(await t.store.users.setPhone(b.id, p1)).toMatchObject(p1)
      expect(
        await t.store.users.setPhone('ffffffffffffffffffffffff', {
          ...p1,
          phone: '+8613700137000',
        }),
      ).toBeNull()
    })

    it('updateAccount sets status and roles independently', async () => {
      const u = await newUser('o-acct')
      expect(await t.store.users.updateAccount(u.id, { status: 'disabled' })).toMatchObject({
        status: 'disabled',
        roles: ['user'],
      })
      expect(await t.store.users.updateAccount(u.id, { roles: ['user', 'admin'] })).toMatchObject({
        status: 'disabled',
        roles: ['user', 'admin'],
      })
      expect(await t.store.users.findById(u.id)).toMatchObject({
        status: 'disabled',
        roles: ['user', 'admin'],
      })
      expect(
        await t.store.users.updateAccount('ffffffffffffffffffffffff', { status: 'active' }),
      ).toBeNull()
    })
  })

  describe('users.list', () => {
    const seed = async (names: (string | undefined)[]): Promise<UserRecord[]> => {
      const users: UserRecord[] = []
      for (const [i, nickname] of names.entries()) {
        users.push(
          await newUser(`o-list-${i}`, {
            now: at(i * MIN),
            profile: nickname === undefined ? {} : { nickname },
          }),
        )
      }
      return users
    }
    const search = async (q: string) =>
      (await t.store.users.list({ q, page: 1, pageSize: 50 })).items.map((u) => u.nickname).sort()

    it('pages newest first with a total', async () => {
      const users = await seed(['a', 'b', 'c', 'd', 'e'])
      const page1 = await t.store.users.list({ page: 1, pageSize: 2 })
      expect(page1.total).toBe(5)
      expect(page1.items.map((u) => u.id)).toEqual([users[4]?.id, users[3]?.id])
      expect(
        (await t.store.users.list({ page: 3, pageSize: 2 })).items.map((u) => u.nickname),
      ).toEqual(['a'])
      expect(await t.store.users.list({ page: 4, pageSize: 2 })).toEqual({ items: [], total: 5 })
    })

    it('filters by status', async () => {
      const [a, , c] = await seed(['a', 'b', 'c'])
      await t.store.users.updateAccount(a?.id ?? '', { status: 'disabled' })
      await t.store.users.updateAccount(c?.id ?? '', { status: 'disabled' })
      const disabled = await t.store.users.list({ status: 'disabled', page: 1, pageSize: 10 })
      expect(disabled.total).toBe(2)
      expect(disabled.items.map((u) => u.nickname)).toEqual(['c', 'a'])
      expect((await t.store.users.list({ status: 'active', page: 1, pageSize: 10 })).total).toBe(1)
      expect(
        (await t.store.users.list({ status: 'disabled', q: 'c', page: 1, pageSize: 10 })).total,
      ).toBe(1)
    })

    it('q matches a nickname substring, case-insensitively, also in Chinese', async () => {
      await seed(['Alice', 'alICE2', '小明同学', 'Bob', undefined])
      expect(await search('alice')).toEqual(['Alice', 'alICE2'])
      expect(await search('LIC')).toEqual(['Alice', 'alICE2'])
      expect(await search('小明')).toEqual(['小明同学'])
      expect(await search('nobody')).toEqual([])
    })

    it('q matches exact openid, unionid, phone and national phone', async () => {
      const [a] = await seed(['A', 'B', 'C'])
      await login('o-list-1', { unionid: 'UNION-B' })
      await t.store.users.setPhone(a?.id ?? '', {
        phone: '+8613800138000',
        phoneNational: '13800138000',
        phoneCountryCode: '86',
      })
      expect(await search('o-list-2')).toEqual(['C'])
      expect(await search('o-list')).toEqual([])
      expect(await search('UNION-B')).toEqual(['B'])
      expect(await search('+8613800138000')).toEqual(['A'])
      expect(await search('13800138000')).toEqual(['A'])
      expect(await search('138001')).toEqual([])
    })

    it('treats LIKE and regex metacharacters in q literally', async () => {
      await seed(['100%_off', 'a.*b(c', 'plain', 'abc'])
      expect(await search('%')).toEqual(['100%_off'])
      expect(await search('_')).toEqual(['100%_off'])
      expect(await search('.*')).toEqual(['a.*b(c'])
      expect(await search('(')).toEqual(['a.*b(c'])
      expect(await search('a.c')).toEqual([])
    })
  })
}
