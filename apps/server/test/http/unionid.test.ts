import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * UnionID comes only when the mini-program is bound to an Open Platform account, and may appear
 * on a later login (docs/wechat.md, "UnionID"; WxJava #657, EasyWeChat #1038: never an `undefined` id).
 */
describe.each(storeTargets())('UnionID on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  const record = async (id: string) => (await s.server.store.users.findById(id))!
  const unique = (prefix: string) =>
    `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`

  it('a login without unionid stores null, never "undefined"', async () => {
    const login = await s.login({ openid: unique('o-none') })
    expect((await record(login.user.id)).unionid).toBeNull()
    expect(login.user).not.toHaveProperty('unionid')
    for (const q of ['undefined', 'null']) {
      expect((await s.server.store.users.list({ q, page: 1, pageSize: 10 })).total).toBe(0)
    }
  })

  it('a first login with unionid stores it', async () => {
    const unionid = unique('u-first')
    const login = await s.login({ openid: unique('o-first'), unionid })
    expect((await record(login.user.id)).unionid).toBe(unionid)
  })

  it('a later login with unionid back-fills it; a login after that without it keeps it', async () => {
    const openid = unique('o-later')
    const unionid = unique('u-later')
    const first = await s.login({ openid })
    expect((await record(first.user.id)).unionid).toBeNull()

    const second = await s.login({ openid, unionid })
    expect(second.user.id).toBe(first.user.id)
    expect(second.isNewUser).toBe(false)
    expect((await record(first.user.id)).unionid).toBe(unionid)

    const third = await s.login({ openid })
    expect(third.user.id).toBe(first.user.id)
    expect((await record(first.user.id)).unionid).toBe(unionid)
    expect(
      (await s.server.store.users.list({ q: unionid, page: 1, pageSize: 10 })).items.map(
        (u) => u.id,
      ),
    ).toEqual([first.user.id])
  })

  it('a repeated code (double tap) keeps the unionid of its first exchange', async () => {
    const unionid = unique('u-tap')
    const { code } = s.sim.mintLoginCode({ openid: unique('o-tap'), unionid })
    const first = await s.request('POST', '/api/auth/wx-login', { body: { code } })
    const again = await s.request('POST', '/api/auth/wx-login', { body: { code } })
    expect([first.status, again.status]).toEqual([200, 200])
    expect((await record(again.body.user.id)).unionid).toBe(unionid)
  })
})
