import { randomBytes } from 'node:crypto'
import { RefreshResponse, User, WxLoginResponse } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secondInstance } from '../support/second-instance.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const openid = () => `o-agree-${randomBytes(4).toString('hex')}`

/** Consent (CONTRACT v2, "Consent to the user agreement and privacy policy"). */
describe.each(storeTargets())('the user agreement on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target) // AGREEMENT_VERSION unset: "1"
  })
  afterAll(() => s.close())

  const wxLogin = (id: string, more: Record<string, unknown> = {}) =>
    s.request('POST', '/api/auth/wx-login', {
      body: { code: s.sim.mintLoginCode({ appId: APP_ID, openid: id }).code, ...more },
    })
  const accept = (token: string, body: unknown) =>
    s.request('POST', '/api/me/agreement', { token, body })
  const refresh = (refreshToken: string) =>
    s.request('POST', '/api/auth/refresh', { body: { refreshToken } })
  const acceptances = async (userId: string) =>
    (
      await s.server.store.audit.list({
        action: 'agreement_accepted',
        userId,
        page: 1,
        pageSize: 10,
      })
    ).items

  it('an agreement sent with the first login is recorded in that login, with the audit entry', async () => {
    const res = await wxLogin(openid(), { agreement: { version: '1' } })
    expect(res.status).toBe(200)
    const body = WxLoginResponse.parse(res.body)
    expect(body).toMatchObject({ isNewUser: true, agreementRequired: false })
    expect(body.user.agreement).toEqual({ version: '1', acceptedAt: expect.any(String) })
    const acceptedAt = Date.parse(body.user.agreement!.acceptedAt)
    expect(Math.abs(acceptedAt - s.clock.now().getTime())).toBeLessThan(10_000)
    expect(await acceptances(body.user.id)).toEqual([
      expect.objectContaining({
        actorId: body.user.id,
        targetId: body.user.id,
        details: { version: '1', via: 'login' },
      }),
    ])
    const me = await s.request('GET', '/api/me', { token: body.accessToken })
    expect(User.parse(me.body).agreement).toEqual(body.user.agreement)
  })

  it('without one, agreementRequired is true until POST /api/me/agreement; refresh carries it', async () => {
    const first = WxLoginResponse.parse((await wxLogin(openid())).body)
    expect(first).toMatchObject({ agreementRequired: true, user: { agreement: null } })
    const before = RefreshResponse.parse((await refresh(first.refreshToken)).body)
    expect(before.agreementRequired).toBe(true)

    const res = await accept(before.accessToken, { version: '1' })
    expect(res.status).toBe(200)
    expect(User.parse(res.body).agreement?.version).toBe('1')
    expect(await acceptances(first.user.id)).toEqual([
      expect.objectContaining({ details: { version: '1', via: 'me' } }),
    ])
    const after = RefreshResponse.parse((await refresh(before.refreshToken)).body)
    expect(after.agreementRequired).toBe(false)
    expect(after.user?.agreement?.version).toBe('1')
  })

  it('a later login without `agreement` keeps the recorded one; accepting an older version still requires the current one', async () => {
    const id = openid()
    await wxLogin(id, { agreement: { version: '1' } })
    const again = WxLoginResponse.parse((await wxLogin(id)).body)
    expect(again).toMatchObject({ isNewUser: false, agreementRequired: false })
    const old = WxLoginResponse.parse((await wxLogin(id, { agreement: { version: '0.9' } })).body)
    expect(old).toMatchObject({ agreementRequired: true, user: { agreement: { version: '0.9' } } })
  })

  it('after AGREEMENT_VERSION changes, everyone who accepted the old one is asked again', async () => {
    const id = openid()
    const login = WxLoginResponse.parse((await wxLogin(id, { agreement: { version: '1' } })).body)
    const next = await secondInstance(s, { agreementVersion: '2' })
    try {
      const refreshed = await next.request('POST', '/api/auth/refresh', {
        body: { refreshToken: login.refreshToken },
      })
      expect(RefreshResponse.parse(refreshed.body).agreementRequired).toBe(true)
      const code = s.sim.mintLoginCode({ appId: APP_ID, openid: id }).code
      const relogin = await next.request('POST', '/api/auth/wx-login', { body: { code } })
      expect(WxLoginResponse.parse(relogin.body)).toMatchObject({
        agreementRequired: true,
        user: { agreement: { version: '1' } },
      })
      const code2 = s.sim.mintLoginCode({ appId: APP_ID, openid: id }).code
      const accepted = await next.request('POST', '/api/auth/wx-login', {
        body: { code: code2, agreement: { version: '2' } },
      })
      expect(WxLoginResponse.parse(accepted.body)).toMatchObject({
        agreementRequired: false,
        user: { agreement: { version: '2' } },
      })
    } finally {
      await next.close()
    }
  })

  it.each([
    ['an empty version', { version: '' }],
    ['a version over 32 characters', { version: 'x'.repeat(33) }],
    ['a version with a line break', { version: '1\n2' }],
    ['a number', { version: 1 }],
    ['no version', {}],
  ])(
    '%s → 400 VALIDATION_FAILED, on login and on POST /api/me/agreement',
    async (_what, agreement) => {
      const id = openid()
      const refused = await wxLogin(id, { agreement })
      expect(refused.status).toBe(400)
      expect(refused.body.error.code).toBe('VALIDATION_FAILED')
      const login = WxLoginResponse.parse((await wxLogin(id)).body)
      const res = await accept(login.accessToken, agreement)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
      expect((await s.server.store.users.findById(login.user.id))?.agreement).toBeNull()
      expect(await acceptances(login.user.id)).toEqual([])
    },
  )

  it('POST /api/me/agreement needs a bearer token', async () => {
    const res = await s.request('POST', '/api/me/agreement', { body: { version: '1' } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_REQUIRED')
  })

  it("a disabled user's login with an agreement is refused and records nothing", async () => {
    const id = openid()
    const login = WxLoginResponse.parse((await wxLogin(id)).body)
    await s.server.store.users.updateAccount(login.user.id, { status: 'disabled' })
    const refused = await wxLogin(id, { agreement: { version: '1' } })
    expect(refused.body.error.code).toBe('USER_DISABLED')
    expect((await s.server.store.users.findById(login.user.id))?.agreement).toBeNull()
    expect(await acceptances(login.user.id)).toEqual([])
  })
})
