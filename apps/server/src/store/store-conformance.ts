import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../app-error.js'
import type { Store, UpsertLoginInput, UserRecord } from './store.js'

/**
 * The contract every Store adapter must meet (STYLE.md 7, after Lucia's `testAdapter`). Each test
 * gets a fresh store from `makeStore`, and uses only the port, so any adapter can run it.
 */
export interface StoreUnderTest {
  store: Store
  /** Closes the store and removes what it wrote (temp dir, test database). */
  cleanup(): Promise<void>
}

export function testStore(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`store conformance: ${name}`, () => {
    let store: Store
    let made: StoreUnderTest | undefined

    beforeEach(async () => {
      made = await makeStore()
      store = made.store
    })
    afterEach(async () => {
      await made?.cleanup()
      made = undefined
    })

    const T0 = Date.parse('2026-03-01T08:00:00.000Z')
    const at = (ms: number): Date => new Date(T0 + ms)
    const MIN = 60_000
    const DAY = 24 * 60 * MIN
    const login = (openid: string, more: Partial<UpsertLoginInput> = {}) =>
      store.users.upsertOnLogin({ appId: 'wxapp1', openid, now: at(0), ...more })
    const newUser = async (
      openid: string,
      more: Partial<UpsertLoginInput> = {},
    ): Promise<UserRecord> => (await login(openid, more)).user
    const rejection = (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      )
    async function expectAppError(p: Promise<unknown>, code: string): Promise<void> {
      const error = await rejection(p)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe(code)
    }

    it('ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })

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
        expect(await store.users.findById(user.id)).toEqual(user)
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
        expect(await store.users.findById(first.id)).toEqual(user)
      })

      it('is idempotent: repeated logins are one user', async () => {
        const ids = new Set<string>()
        for (let i = 0; i < 5; i++) ids.add((await newUser('o-repeat', { now: at(i * MIN) })).id)
        expect(ids.size).toBe(1)
        const { items, total } = await store.users.list({ page: 1, pageSize: 10 })
        expect(total).toBe(1)
        expect(items[0]?.loginCount).toBe(5)
      })

      it('50 parallel first logins of one openid make one user, exactly one isNew', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, () => login('o-race')))
        expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
        expect(results.filter((r) => r.isNew)).toHaveLength(1)
        const { total, items } = await store.users.list({ page: 1, pageSize: 10 })
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
        expect((await store.users.findById(u.id))?.unionid).toBe('U-1')
        await newUser('o-no-union')
        expect((await store.users.list({ q: 'undefined', page: 1, pageSize: 10 })).total).toBe(0)
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
        expect((await store.users.list({ page: 1, pageSize: 10 })).total).toBe(1)
        const existing = await newUser('o-existing')
        await expectAppError(login('o-existing', { unionid: 'U-taken' }), 'CONFLICT')
        expect((await store.users.findById(existing.id))?.unionid).toBeNull()
        // One person has one unionid across the mini-programs of an open-platform account.
        const other = await login('o-other-app', { appId: 'wxapp2', unionid: 'U-taken' })
        expect(other.user.unionid).toBe('U-taken')
      })
    })

    describe('users: updates and lookups', () => {
      it('updateProfile changes only the given fields', async () => {
        const u = await newUser('o-upd', {
          profile: { nickname: 'Old', avatarUrl: 'https://img.example/o.png', gender: 1 },
        })
        const updated = await store.users.updateProfile(u.id, {
          nickname: 'New',
          bio: 'hello',
          city: null,
        })
        expect(updated).toEqual({ ...u, nickname: 'New', bio: 'hello', city: null })
        expect(await store.users.findById(u.id)).toEqual(updated)
        expect(
          await store.users.updateProfile('ffffffffffffffffffffffff', { nickname: 'x' }),
        ).toBeNull()
      })

      it('findById returns null for unknown ids', async () => {
        expect(await store.users.findById('ffffffffffffffffffffffff')).toBeNull()
        expect(await store.users.findById('not-an-id')).toBeNull()
      })

      it('setPhone binds a phone to one user only', async () => {
        const a = await newUser('o-phone-a')
        const b = await newUser('o-phone-b')
        const p1 = { phone: '+8613800138000', phoneNational: '13800138000', phoneCountryCode: '86' }
        const p2 = { phone: '+8613900139000', phoneNational: '13900139000', phoneCountryCode: '86' }
        expect(await store.users.setPhone(a.id, p1)).toEqual({ ...a, ...p1 })
        await expectAppError(store.users.setPhone(b.id, p1), 'CONFLICT')
        expect((await store.users.findById(b.id))?.phone).toBeNull()
        expect((await store.users.setPhone(a.id, p1))?.phone).toBe(p1.phone)
        expect((await store.users.setPhone(a.id, p2))?.phone).toBe(p2.phone)
        expect(await store.users.setPhone(b.id, p1)).toMatchObject(p1)
        expect(
          await store.users.setPhone('ffffffffffffffffffffffff', {
            ...p1,
            phone: '+8613700137000',
          }),
        ).toBeNull()
      })

      it('updateAccount sets status and roles independently', async () => {
        const u = await newUser('o-acct')
        expect(await store.users.updateAccount(u.id, { status: 'disabled' })).toMatchObject({
          status: 'disabled',
          roles: ['user'],
        })
        expect(await store.users.updateAccount(u.id, { roles: ['user', 'admin'] })).toMatchObject({
          status: 'disabled',
          roles: ['user', 'admin'],
        })
        expect(await store.users.findById(u.id)).toMatchObject({
          status: 'disabled',
          roles: ['user', 'admin'],
        })
        expect(
          await store.users.updateAccount('ffffffffffffffffffffffff', { status: 'active' }),
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
        (await store.users.list({ q, page: 1, pageSize: 50 })).items.map((u) => u.nickname).sort()

      it('pages newest first with a total', async () => {
        const users = await seed(['a', 'b', 'c', 'd', 'e'])
        const page1 = await store.users.list({ page: 1, pageSize: 2 })
        expect(page1.total).toBe(5)
        expect(page1.items.map((u) => u.id)).toEqual([users[4]?.id, users[3]?.id])
        expect(
          (await store.users.list({ page: 3, pageSize: 2 })).items.map((u) => u.nickname),
        ).toEqual(['a'])
        expect(await store.users.list({ page: 4, pageSize: 2 })).toEqual({ items: [], total: 5 })
      })

      it('filters by status', async () => {
        const [a, , c] = await seed(['a', 'b', 'c'])
        await store.users.updateAccount(a?.id ?? '', { status: 'disabled' })
        await store.users.updateAccount(c?.id ?? '', { status: 'disabled' })
        const disabled = await store.users.list({ status: 'disabled', page: 1, pageSize: 10 })
        expect(disabled.total).toBe(2)
        expect(disabled.items.map((u) => u.nickname)).toEqual(['c', 'a'])
        expect((await store.users.list({ status: 'active', page: 1, pageSize: 10 })).total).toBe(1)
        expect(
          (await store.users.list({ status: 'disabled', q: 'c', page: 1, pageSize: 10 })).total,
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
        await store.users.setPhone(a?.id ?? '', {
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

    describe('sessions', () => {
      const open = async (userId: string, id: string, expiresInMs = 30 * DAY) =>
        store.sessions.create({
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
        expect(await store.sessions.findById('sess-1')).toEqual(s)
        expect(await store.sessions.findById('sess-unknown')).toBeNull()
      })

      it('adds refresh tokens idempotently and consumes each once', async () => {
        const u = await newUser('o-s2')
        await open(u.id, 'sess-2')
        await store.sessions.addRefreshToken(token('h-1', 'sess-2', u.id))
        await store.sessions.addRefreshToken(token('h-1', 'sess-2', u.id))
        expect(await store.sessions.findRefreshToken('h-1')).toEqual({
          ...token('h-1', 'sess-2', u.id),
          usedAt: null,
        })
        expect(await store.sessions.findRefreshToken('h-unknown')).toBeNull()
        expect(await store.sessions.consumeRefreshToken('h-1', at(MIN))).toBe(true)
        expect(await store.sessions.consumeRefreshToken('h-1', at(2 * MIN))).toBe(false)
        expect((await store.sessions.findRefreshToken('h-1'))?.usedAt).toEqual(at(MIN))
        expect(await store.sessions.consumeRefreshToken('h-unknown', at(MIN))).toBe(false)
      })

      it('50 parallel consumes of one token: exactly one wins', async () => {
        const u = await newUser('o-s3')
        await open(u.id, 'sess-3')
        await store.sessions.addRefreshToken(token('h-race', 'sess-3', u.id))
        const wins = await Promise.all(
          Array.from({ length: 50 }, () => store.sessions.consumeRefreshToken('h-race', at(MIN))),
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
        expect(await store.sessions.countActive(u.id, at(2 * MIN))).toBe(3)
        expect(await store.sessions.revoke('s-c', 'logout', at(2 * MIN))).toBe(true)
        expect(await store.sessions.revoke('s-c', 'logout', at(3 * MIN))).toBe(false)
        expect(await store.sessions.revoke('s-unknown', 'logout', at(3 * MIN))).toBe(false)
        expect(await store.sessions.findById('s-c')).toMatchObject({
          revokedAt: at(2 * MIN),
          revokedReason: 'logout',
        })
        expect(await store.sessions.countActive(u.id, at(2 * MIN))).toBe(2)
        expect(await store.sessions.revokeAllForUser(u.id, 'logout_all', at(4 * MIN))).toBe(2)
        expect(await store.sessions.countActive(u.id, at(4 * MIN))).toBe(0)
        expect(await store.sessions.findById('s-a')).toMatchObject({
          revokedAt: at(4 * MIN),
          revokedReason: 'logout_all',
        })
        expect(await store.sessions.countActive(other.id, at(4 * MIN))).toBe(1)
        expect(await store.sessions.revokeAllForUser(u.id, 'logout_all', at(5 * MIN))).toBe(0)
      })

      it('touch moves lastUsedAt', async () => {
        const u = await newUser('o-s5')
        await open(u.id, 'sess-5')
        await store.sessions.touch('sess-5', at(7 * MIN))
        expect((await store.sessions.findById('sess-5'))?.lastUsedAt).toEqual(at(7 * MIN))
      })
    })

    describe('codes', () => {
      const value = { appId: 'wxapp1', openid: 'o-code', unionid: null }

      it('returns what the first put stored until it expires', async () => {
        expect(await store.codes.get('c-1', at(0))).toBeNull()
        await store.codes.put('c-1', value, at(5 * MIN))
        await store.codes.put('c-1', { ...value, openid: 'o-second' }, at(5 * MIN))
        expect(await store.codes.get('c-1', at(MIN))).toEqual(value)
        expect(await store.codes.get('c-1', at(5 * MIN))).toBeNull()
        expect(await store.codes.get('c-1', at(6 * MIN))).toBeNull()
        await store.codes.put('c-2', { ...value, unionid: 'U-c' }, at(5 * MIN))
        expect((await store.codes.get('c-2', at(MIN)))?.unionid).toBe('U-c')
      })
    })

    describe('wxTokens', () => {
      it('gets, saves, and drops only the same token', async () => {
        expect(await store.wxTokens.get('wxapp1')).toBeNull()
        await store.wxTokens.save({ appId: 'wxapp1', token: 'T1', expiresAt: at(2 * 60 * MIN) })
        await store.wxTokens.save({ appId: 'wxapp1', token: 'T2', expiresAt: at(3 * 60 * MIN) })
        expect(await store.wxTokens.get('wxapp1')).toEqual({
          appId: 'wxapp1',
          token: 'T2',
          expiresAt: at(3 * 60 * MIN),
        })
        await store.wxTokens.drop('wxapp1', 'T1')
        expect((await store.wxTokens.get('wxapp1'))?.token).toBe('T2')
        await store.wxTokens.drop('wxapp1', 'T2')
        expect(await store.wxTokens.get('wxapp1')).toBeNull()
      })

      it('leases have one holder at a time', async () => {
        const { wxTokens } = store
        expect(await wxTokens.acquireLease('wxapp1', 'A', at(10_000), at(0))).toBe(true)
        expect(await wxTokens.acquireLease('wxapp1', 'B', at(10_000), at(1_000))).toBe(false)
        expect(await wxTokens.acquireLease('wxapp1', 'A', at(20_000), at(2_000))).toBe(true)
        expect(await wxTokens.acquireLease('wxapp2', 'B', at(10_000), at(2_000))).toBe(true)
        await wxTokens.releaseLease('wxapp1', 'B')
        expect(await wxTokens.acquireLease('wxapp1', 'C', at(30_000), at(3_000))).toBe(false)
        await wxTokens.releaseLease('wxapp1', 'A')
        expect(await wxTokens.acquireLease('wxapp1', 'C', at(30_000), at(3_000))).toBe(true)
        // An expired lease (its holder died) can be taken over.
        expect(await wxTokens.acquireLease('wxapp1', 'D', at(60_000), at(30_000))).toBe(true)
      })

      it('20 parallel acquireLease: exactly one holder', async () => {
        const won = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.wxTokens.acquireLease('wxapp1', `h${i}`, at(10_000), at(0)),
          ),
        )
        expect(won.filter(Boolean)).toHaveLength(1)
      })
    })

    describe('audit', () => {
      it('lists newest first, filters by action and user, and pages', async () => {
        const entry = (
          i: number,
          action: 'login' | 'phone_bound' | 'admin_update_user',
          actorId: string,
          targetId: string,
        ) =>
          store.audit.append({
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
        const all = await store.audit.list({ page: 1, pageSize: 10 })
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
        const logins = await store.audit.list({ action: 'login', page: 1, pageSize: 10 })
        expect(logins.items.map((e) => e.details.i)).toEqual([4, 1, 0])
        const u2 = await store.audit.list({ userId: 'u2', page: 1, pageSize: 10 })
        expect(u2.items.map((e) => e.details.i)).toEqual([3, 1])
        const adminLogins = await store.audit.list({
          userId: 'admin',
          action: 'login',
          page: 1,
          pageSize: 10,
        })
        expect(adminLogins.items.map((e) => e.details.i)).toEqual([4])
        const page2 = await store.audit.list({ page: 2, pageSize: 2 })
        expect(page2).toMatchObject({ total: 5 })
        expect(page2.items.map((e) => e.details.i)).toEqual([2, 1])
      })
    })
  })
}
