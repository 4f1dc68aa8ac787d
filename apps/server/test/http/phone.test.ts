import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { User } from '@wxlogin/shared/dto'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** POST /api/me/phone against the WeChat simulator (docs/api.md, docs/wechat.md "Phone numbers"). */
describe.each(storeTargets())('POST /api/me/phone on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { LOG_LEVEL: 'debug' })
  })
  afterAll(() => s.close())
  beforeEach(() => s.sim.clearFaults())

  // Numbers unique per store target and run, so the suites never collide on the unique phone.
  let next = Math.floor(Math.random() * 1e6)
  const freshNumber = () => `139${String(next++ % 1e8).padStart(8, '0')}`
  const bind = (token: string, code: string) =>
    s.request('POST', '/api/me/phone', { token, body: { code } })
  const phoneCode = (openid: string, phoneNumber: string, countryCode?: string) =>
    s.sim.mintPhoneCode({ openid, phoneNumber, countryCode }).code
  const openidOf = async (userId: string) => (await s.server.store.users.findById(userId))!.openid

  it('binds the number: masked for the user, in full (E.164) in the store, audited without the number', async () => {
    const login = await s.login()
    const number = freshNumber()
    const res = await bind(login.accessToken, phoneCode(await openidOf(login.user.id), number))
    expect(res.status).toBe(200)
    const user = User.parse(res.body)
    expect(user.phone).toBe(`${number.slice(0, 3)}****${number.slice(-4)}`)
    expect(JSON.stringify(res.body)).not.toContain(number)

    const me = await s.request('GET', '/api/me', { token: login.accessToken })
    expect(me.body.phone).toBe(user.phone)

    const stored = await s.server.store.users.findById(login.user.id)
    expect(stored).toMatchObject({
      phone: `+86${number}`,
      phoneNational: number,
      phoneCountryCode: '86',
    })

    const audit = await s.server.store.audit.list({
      action: 'phone_bound',
      userId: login.user.id,
      page: 1,
      pageSize: 10,
    })
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({
      actorId: login.user.id,
      targetId: login.user.id,
      details: {},
    })
    expect(s.logs.join('')).not.toContain(number)
  })

  it('a number from another country keeps its country code', async () => {
    const login = await s.login()
    const national = `2025${String(next++ % 1e6).padStart(6, '0')}`
    const res = await bind(
      login.accessToken,
      phoneCode(await openidOf(login.user.id), national, '1'),
    )
    expect(res.status).toBe(200)
    const stored = await s.server.store.users.findById(login.user.id)
    expect(stored).toMatchObject({
      phone: `+1${national}`,
      phoneNational: national,
      phoneCountryCode: '1',
    })
  })

  it('binding the same number again to the same user is fine', async () => {
    const login = await s.login()
    const openid = await openidOf(login.user.id)
    const number = freshNumber()
    expect((await bind(login.accessToken, phoneCode(openid, number))).status).toBe(200)
    expect((await bind(login.accessToken, phoneCode(openid, number))).status).toBe(200)
  })

  it('a used phone code → 400 PHONE_CODE_INVALID', async () => {
    const login = await s.login()
    const code = phoneCode(await openidOf(login.user.id), freshNumber())
    expect((await bind(login.accessToken, code)).status).toBe(200)
    const again = await bind(login.accessToken, code)
    expect(again.status).toBe(400)
    expect(again.body.error.code).toBe('PHONE_CODE_INVALID')
  })

  it.each([
    ['an unknown code', () => 'never-issued'],
    [
      'the wx.login code instead of the phone code (WxJava #2821)',
      () => s.sim.mintLoginCode().code,
    ],
  ])('%s → 400 PHONE_CODE_INVALID', async (_name, code) => {
    const login = await s.login()
    const res = await bind(login.accessToken, code())
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('PHONE_CODE_INVALID')
  })

  it("another user's phone code (issued to another openid) → 400 PHONE_CODE_INVALID", async () => {
    const alice = await s.login()
    const bob = await s.login()
    const res = await bind(bob.accessToken, phoneCode(await openidOf(alice.user.id), freshNumber()))
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('PHONE_CODE_INVALID')
  })

  it('a number bound to another user → 409 CONFLICT, and the second user keeps no phone', async () => {
    const alice = await s.login()
    const bob = await s.login()
    const number = freshNumber()
    expect(
      (await bind(alice.accessToken, phoneCode(await openidOf(alice.user.id), number))).status,
    ).toBe(200)
    const res = await bind(bob.accessToken, phoneCode(await openidOf(bob.user.id), number))
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('CONFLICT')
    expect((await s.request('GET', '/api/me', { token: bob.accessToken })).body.phone).toBeNull()
  })

  it.each([
    ['no code', {}],
    ['an empty code', { code: '' }],
    ['an extra field', { code: 'x', phone: '13800138000' }],
  ])('%s → 400 VALIDATION_FAILED, WeChat not called', async (_name, body) => {
    const login = await s.login()
    const before = s.sim.stats().calls.getuserphonenumber
    const res = await s.request('POST', '/api/me/phone', { token: login.accessToken, body })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(s.sim.stats().calls.getuserphonenumber).toBe(before)
  })

  it('without a token → 401 AUTH_REQUIRED', async () => {
    const res = await s.request('POST', '/api/me/phone', { body: { code: 'x' } })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_REQUIRED')
  })

  it.each([
    [45011, 429, 'WX_RATE_LIMITED'],
    [40013, 502, 'WX_UPSTREAM_ERROR'],
  ])('WeChat errcode %i → %i %s', async (errcode, status, code) => {
    const login = await s.login()
    s.sim.injectFault({ endpoint: 'getuserphonenumber', errcode })
    const res = await bind(
      login.accessToken,
      phoneCode(await openidOf(login.user.id), freshNumber()),
    )
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe(code)
    if (status === 429) expect(res.headers.get('retry-after')).toBe('60')
  })

  it('WeChat busy (-1) once is retried and the number is bound', async () => {
    const login = await s.login()
    s.sim.injectFault({ endpoint: 'getuserphonenumber', errcode: -1 })
    const before = s.sim.stats().calls.getuserphonenumber
    const res = await bind(
      login.accessToken,
      phoneCode(await openidOf(login.user.id), freshNumber()),
    )
    expect(res.status).toBe(200)
    expect(s.sim.stats().calls.getuserphonenumber - before).toBe(2)
  })

  it('WeChat unreachable (timeout) → 503 WX_UNAVAILABLE', async () => {
    const login = await s.login()
    s.sim.injectFault({ endpoint: 'getuserphonenumber', delayMs: 3000 })
    const res = await bind(
      login.accessToken,
      phoneCode(await openidOf(login.user.id), freshNumber()),
    )
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WX_UNAVAILABLE')
  })
})

describe.each(storeTargets())('POST /api/me/phone rate limit on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { RATE_LIMIT_PHONE_PER_HOUR: '2' })
  })
  afterAll(() => s.close())

  it('per user: the third call within the hour → 429 RATE_LIMITED with Retry-After; other users unaffected', async () => {
    const alice = await s.login()
    const bob = await s.login()
    const bind = (token: string) =>
      s.request('POST', '/api/me/phone', { token, body: { code: 'whatever' } })
    expect((await bind(alice.accessToken)).status).toBe(400)
    expect((await bind(alice.accessToken)).status).toBe(400)
    const before = s.sim.stats().calls.getuserphonenumber
    const limited = await bind(alice.accessToken)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(3500)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    // The billed WeChat API is not called once the limit is reached.
    expect(s.sim.stats().calls.getuserphonenumber).toBe(before)
    expect((await bind(bob.accessToken)).status).toBe(400)
  })
})
