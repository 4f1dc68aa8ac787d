import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: the agreement record and account deletion (docs/account-lifecycle.md). */
export function accountConformance(t: ConformanceContext): void {
  const { at, MIN, DAY, login, newUser } = t
  const v = (version: string, ms = 0) => ({ version, acceptedAt: at(ms) })

  describe('users: agreement', () => {
    it('a login records an agreement with its own write; one without keeps the stored one', async () => {
      const first = await login('o-agree-1', { agreement: v('1') })
      expect(first.user.agreement).toEqual(v('1'))
      const plain = await login('o-agree-1', { now: at(MIN) })
      expect(plain.user.agreement).toEqual(v('1'))
      const again = await login('o-agree-1', { now: at(2 * MIN), agreement: v('2', 2 * MIN) })
      expect(again.user.agreement).toEqual(v('2', 2 * MIN))
      expect((await t.store.users.findById(first.user.id))?.agreement).toEqual(v('2', 2 * MIN))
      expect((await login('o-agree-none')).user.agreement).toBeNull()
    })

    it('a refused login (disabled user) records nothing', async () => {
      const u = await newUser('o-agree-disabled')
      await t.store.users.updateAccount(u.id, { status: 'disabled' })
      const refused = await login('o-agree-disabled', { agreement: v('1') })
      expect(refused.user.agreement).toBeNull()
      expect((await t.store.users.findById(u.id))?.agreement).toBeNull()
    })

    it('acceptAgreement sets or replaces it; an unknown user is null', async () => {
      const u = await newUser('o-agree-2')
      expect((await t.store.users.acceptAgreement(u.id, v('1', MIN)))?.agreement).toEqual(
        v('1', MIN),
      )
      expect((await t.store.users.acceptAgreement(u.id, v('2', 2 * MIN)))?.agreement).toEqual(
        v('2', 2 * MIN),
      )
      expect((await t.store.users.findById(u.id))?.agreement).toEqual(v('2', 2 * MIN))
      expect(await t.store.users.acceptAgreement('0123456789abcdef01234567', v('1'))).toBeNull()
    })
  })

  describe('users.deleteAccount', () => {
    /** A user with everything personal set, two sessions, a refresh token. */
    async function fullUser(openid: string, phone: string) {
      const { user } = await login(openid, {
        unionid: `u-${openid}`,
        profile: {
          nickname: 'Ada',
          avatarUrl: `https://cdn.test/${'a'.repeat(64)}.png`,
          bio: 'hi',
        },
        agreement: v('1'),
      })
      await t.store.users.setPhone(user.id, {
        phone: `+86${phone}`,
        phoneNational: phone,
        phoneCountryCode: '86',
      })
      for (const id of [`${openid}-s1`, `${openid}-s2`])
        await t.store.sessions.create({
          id,
          userId: user.id,
          appId: 'wxapp1',
          createdAt: at(0),
          expiresAt: at(30 * DAY),
          lastUsedAt: at(0),
          userAgent: 'MicroMessenger/8.0.47',
          ip: '203.0.113.7',
        })
      await t.store.sessions.addRefreshToken({
        hash: `${openid}-h1`,
        sessionId: `${openid}-s1`,
        userId: user.id,
        createdAt: at(0),
        expiresAt: at(30 * DAY),
      })
      return (await t.store.users.findById(user.id))!
    }
    const deletions = async () =>
      (await t.store.audit.list({ action: 'account_deleted', page: 1, pageSize: 10 })).items

    it('erases the user, ends and strips its sessions, deletes its refresh tokens, audits once', async () => {
      const before = await fullUser('o-del-1', '13800000001')
      const bystander = await fullUser('o-del-1-other', '13800000002')
      const erased = await t.store.users.deleteAccount(before.id, at(5 * MIN))
      expect(erased).toEqual(before)

      expect(await t.store.users.findById(before.id)).toBeNull()
      for (const id of ['o-del-1-s1', 'o-del-1-s2'])
        expect(await t.store.sessions.findById(id)).toMatchObject({
          userId: before.id,
          revokedAt: at(5 * MIN),
          revokedReason: 'account_deleted',
          ip: null,
          userAgent: null,
        })
      expect(await t.store.sessions.findRefreshToken('o-del-1-h1')).toBeNull()
      expect(await t.store.sessions.countActive(before.id, at(5 * MIN))).toBe(0)
      const [entry, ...more] = await deletions()
      expect(more).toEqual([])
      expect(entry).toMatchObject({
        at: at(5 * MIN),
        action: 'account_deleted',
        actorId: before.id,
        targetId: before.id,
        ip: null,
      })
      expect(JSON.stringify(entry?.details)).not.toMatch(/Ada|o-del-1|13800000001|u-o-del/)

      // Nothing of anyone else changed.
      expect(await t.store.users.findById(bystander.id)).toEqual(bystander)
      expect(await t.store.sessions.findById('o-del-1-other-s1')).toMatchObject({
        revokedAt: null,
        ip: '203.0.113.7',
      })
      expect(await t.store.sessions.findRefreshToken('o-del-1-other-h1')).not.toBeNull()
    })

    it('frees the openid, unionid and phone: the same WeChat user signs up as a new user', async () => {
      const before = await fullUser('o-del-2', '13800000003')
      await t.store.users.deleteAccount(before.id, at(MIN))
      const again = await login('o-del-2', { unionid: 'u-o-del-2', now: at(2 * MIN) })
      expect(again.isNew).toBe(true)
      expect(again.user.id).not.toBe(before.id)
      expect(again.user).toMatchObject({
        nickname: null,
        avatarUrl: null,
        bio: null,
        agreement: null,
      })
      const other = await newUser('o-del-2-phone')
      const bound = await t.store.users.setPhone(other.id, {
        phone: '+8613800000003',
        phoneNational: '13800000003',
        phoneCountryCode: '86',
      })
      expect(bound?.phone).toBe('+8613800000003')
      expect(await t.store.users.avatarInUse(`${'a'.repeat(64)}.png`)).toBe(false)
      const listed = await t.store.users.list({ q: 'Ada', page: 1, pageSize: 10 })
      expect(listed.items.map((u) => u.id)).not.toContain(before.id)
    })

    it('is safe to repeat, also concurrently: one returns the user, one audit entry, nothing pending', async () => {
      const before = await fullUser('o-del-3', '13800000004')
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.store.users.deleteAccount(before.id, at(MIN))),
      )
      expect(results.filter((r) => r !== null)).toEqual([before])
      expect(await t.store.users.deleteAccount(before.id, at(2 * MIN))).toBeNull()
      expect(await deletions()).toHaveLength(1)
      expect(await t.store.users.pendingDeletions()).toEqual([])
    })

    it('an unknown id writes nothing', async () => {
      expect(await t.store.users.deleteAccount('0123456789abcdef01234567', at(0))).toBeNull()
      expect(await t.store.users.deleteAccount('not-an-id', at(0))).toBeNull()
      expect(await deletions()).toEqual([])
    })

    it('writes that arrive after the deletion change nothing (an in-flight request)', async () => {
      const before = await fullUser('o-del-4', '13800000005')
      await t.store.users.deleteAccount(before.id, at(MIN))
      expect(await t.store.users.updateProfile(before.id, { nickname: 'back' })).toBeNull()
      expect(
        await t.store.users.setPhone(before.id, {
          phone: '+8613800000005',
          phoneNational: '13800000005',
          phoneCountryCode: '86',
        }),
      ).toBeNull()
      expect(await t.store.users.acceptAgreement(before.id, v('9'))).toBeNull()
      expect(await t.store.users.updateAccount(before.id, { status: 'disabled' })).toBeNull()
      expect(await t.store.users.findById(before.id)).toBeNull()
      expect((await t.store.users.list({ q: 'back', page: 1, pageSize: 10 })).total).toBe(0)
    })
  })
}
