import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * Issue 12.3: wx-login and POST /api/wx_login/ answered 403 USER_DISABLED for a disabled
 * account, yet its nickname, avatar URL, login count and last login had already changed. A
 * refused login now changes nothing but what the audit log records.
 */
describe.each(storeTargets())(
  "a disabled user's refused login writes nothing to the account on $name",
  (target) => {
    let s: Stack
    beforeAll(async () => {
      s = await startStack(target)
    })
    afterAll(() => s.close())

    const profile = {
      nickName: 'Changed by a refused login',
      avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/changed/132',
      gender: 1,
      city: 'Elsewhere',
    }

    async function disabledUser(openid: string) {
      const login = await s.login({ openid, profile: { nickName: 'Original', city: 'Home' } })
      await s.server.store.users.updateAccount(login.user.id, { status: 'disabled' })
      const stored = await s.server.store.users.findById(login.user.id)
      expect(stored).toMatchObject({ status: 'disabled', loginCount: 1, nickname: 'Original' })
      s.clock.advance(60_000) // a later login would move lastLoginAt
      return stored!
    }

    async function refusals(userId: string) {
      const { items } = await s.server.store.audit.list({
        action: 'login_refused',
        userId,
        page: 1,
        pageSize: 10,
      })
      return items
    }

    it('POST /api/auth/wx-login → 403 USER_DISABLED; the account is unchanged; the refusal is audited', async () => {
      const before = await disabledUser('o-refused-json')
      const sessions = () => s.server.store.sessions.countActive(before.id, s.clock.now())
      const sessionsBefore = await sessions()
      const { code } = s.sim.mintLoginCode({ appId: APP_ID, openid: 'o-refused-json' })
      const res = await s.request('POST', '/api/auth/wx-login', { body: { code, profile } })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('USER_DISABLED')
      expect(await s.server.store.users.findById(before.id)).toEqual(before)
      expect(await sessions()).toBe(sessionsBefore) // no session was started
      expect(await refusals(before.id)).toMatchObject([
        {
          action: 'login_refused',
          actorId: before.id,
          targetId: before.id,
          ip: expect.any(String),
          details: { appId: APP_ID, reason: 'USER_DISABLED' },
        },
      ])
    })

    it('POST /api/wx_login/ (form, user_info) → 403 USER_DISABLED; the account is unchanged', async () => {
      const before = await disabledUser('o-refused-form')
      const { code } = s.sim.mintLoginCode({ appId: APP_ID, openid: 'o-refused-form' })
      const res = await s.request('POST', '/api/wx_login/', {
        raw: new URLSearchParams({ code, user_info: JSON.stringify(profile) }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('USER_DISABLED')
      expect(await s.server.store.users.findById(before.id)).toEqual(before)
      expect(await refusals(before.id)).toHaveLength(1)
    })

    it('enabled again, the next login counts and applies its profile as usual', async () => {
      const before = await disabledUser('o-refused-then-enabled')
      await s.server.store.users.updateAccount(before.id, { status: 'active' })
      const login = await s.login({ openid: 'o-refused-then-enabled', profile })
      expect(login.user).toMatchObject({ status: 'active', nickname: profile.nickName })
      expect((await s.server.store.users.findById(before.id))?.loginCount).toBe(2)
    })
  },
)
