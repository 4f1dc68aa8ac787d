import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, APP_SECRET, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const APP_B = { appId: 'wxtest00000000002', secret: 'test-app-secret-bbbbbbbbbb' }
const appidClaim = (token: string) => (jwt.decode(token) as { appid?: string } | null)?.appid

/** Several mini-programs on one server: WX_APPS, `appId` on wx-login, the `appid` claim. */
describe.each(storeTargets())('several mini-programs (WX_APPS) on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, {
      WX_APP_ID: '',
      WX_APP_SECRET: '',
      WX_APPS: JSON.stringify([{ appId: APP_ID, secret: APP_SECRET }, APP_B]),
    })
    s.sim.addApp(APP_B) // the simulator now knows both apps and checks each one's secret
  })
  afterAll(() => s.close())

  const wxLogin = (body: Record<string, unknown>) =>
    s.request('POST', '/api/auth/wx-login', { body })
  const mint = (appId: string, openid?: string, unionid?: string) =>
    s.sim.mintLoginCode({ appId, openid, unionid }).code

  it("a code of app B with appId B signs in to B: the token's appid claim and the stored user say B", async () => {
    const res = await wxLogin({ code: mint(APP_B.appId), appId: APP_B.appId })
    expect(res.status).toBe(200)
    expect(appidClaim(res.body.accessToken)).toBe(APP_B.appId)
    expect((await s.server.store.users.findById(res.body.user.id))?.appId).toBe(APP_B.appId)
    expect((await s.request('GET', '/api/me', { token: res.body.accessToken })).status).toBe(200)
    const refreshed = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: res.body.refreshToken },
    })
    expect(appidClaim(refreshed.body.accessToken)).toBe(APP_B.appId)
  })

  it('appId omitted → the first configured app', async () => {
    const res = await wxLogin({ code: mint(APP_ID) })
    expect(res.status).toBe(200)
    expect(appidClaim(res.body.accessToken)).toBe(APP_ID)
  })

  it('the same openid (and unionid) under A and B is two users', async () => {
    const openid = `o-both-${Date.now()}`
    const unionid = `u-both-${Date.now()}`
    const a = await wxLogin({ code: mint(APP_ID, openid, unionid), appId: APP_ID })
    const b = await wxLogin({ code: mint(APP_B.appId, openid, unionid), appId: APP_B.appId })
    expect([a.status, b.status]).toEqual([200, 200])
    expect(a.body.isNewUser && b.body.isNewUser).toBe(true)
    expect(a.body.user.id).not.toBe(b.body.user.id)
    const records = await s.server.store.users.list({ q: openid, page: 1, pageSize: 10 })
    expect(records.items.map((u) => [u.appId, u.unionid]).sort()).toEqual([
      [APP_ID, unionid],
      [APP_B.appId, unionid],
    ])
  })

  it('a code of app A sent with appId B → 401 WX_CODE_INVALID', async () => {
    const res = await wxLogin({ code: mint(APP_ID), appId: APP_B.appId })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('WX_CODE_INVALID')
  })

  it('an appId that is not configured → 400 VALIDATION_FAILED, without calling WeChat', async () => {
    const before = s.sim.stats().calls.jscode2session
    const res = await wxLogin({ code: mint(APP_ID), appId: 'wxnotours00000000' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(s.sim.stats().calls.jscode2session).toBe(before)
  })

  it('a repeated code is answered per app: a double tap on B returns the same B user', async () => {
    const code = mint(APP_B.appId)
    const [first, second] = await Promise.all([
      wxLogin({ code, appId: APP_B.appId }),
      wxLogin({ code, appId: APP_B.appId }),
    ])
    expect([first.status, second.status]).toEqual([200, 200])
    expect(second.body.user.id).toBe(first.body.user.id)
    expect(appidClaim(second.body.accessToken)).toBe(APP_B.appId)
  })
})
