import { afterEach, describe, expect, it } from 'vitest'
import { APP, OTHER_APP, fakeClock, get, post, stableToken } from '../test/http.js'
import { startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

function phoneCall(s: Simulator, accessToken: string): ReturnType<typeof post> {
  const { code } = s.mintPhoneCode({ phoneNumber: '13800138000' })
  return post(
    s,
    `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(accessToken)}`,
    { code },
  )
}

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token with the remaining expires_in while it is valid', async () => {
    const clock = fakeClock()
    sim = await startSimulator({ apps: [APP], now: clock.now })
    const first = await stableToken(sim)
    expect(first.body).toEqual({ access_token: expect.any(String) as string, expires_in: 7200 })
    clock.advance(1000 * 1000)
    const again = await stableToken(sim)
    expect(again.body).toEqual({ access_token: first.body.access_token, expires_in: 6200 })
  })

  it('force_refresh issues a new token and invalidates the previous one (40001)', async () => {
    sim = await startSimulator({ apps: [APP] })
    const old = (await stableToken(sim)).body.access_token as string
    const fresh = (await stableToken(sim, true)).body.access_token as string
    expect(fresh).not.toBe(old)
    expect((await phoneCall(sim, old)).body.errcode).toBe(40001)
    expect((await phoneCall(sim, fresh)).body.errcode).toBe(0)
  })

  it('issues a new token after 7200 s; the expired one answers 42001', async () => {
    const clock = fakeClock()
    sim = await startSimulator({ apps: [APP], now: clock.now })
    const old = (await stableToken(sim)).body.access_token as string
    clock.advance(7200 * 1000)
    expect((await phoneCall(sim, old)).body.errcode).toBe(42001)
    const fresh = await stableToken(sim)
    expect(fresh.body.access_token).not.toBe(old)
    expect(fresh.body.expires_in).toBe(7200)
  })

  it('keeps one token per app', async () => {
    sim = await startSimulator({ apps: [APP, OTHER_APP] })
    const a = (await stableToken(sim, false, APP)).body.access_token
    const b = (await stableToken(sim, false, OTHER_APP)).body.access_token
    expect(a).not.toBe(b)
    expect((await stableToken(sim, false, APP)).body.access_token).toBe(a)
  })

  it('checks the app credentials and the grant_type', async () => {
    sim = await startSimulator({ apps: [APP] })
    expect((await stableToken(sim, false, OTHER_APP)).body.errcode).toBe(40013)
    expect((await stableToken(sim, false, { ...APP, secret: 'nope' })).body.errcode).toBe(40125)
    const noGrant = await post(sim, '/cgi-bin/stable_token', {
      appid: APP.appId,
      secret: APP.secret,
    })
    expect(noGrant.body.errcode).toBe(40002)
  })

  it('answers a malformed or empty body with HTTP 200 and an errcode, like WeChat', async () => {
    sim = await startSimulator()
    const malformed = await post(sim, '/cgi-bin/stable_token', '{"appid":')
    expect(malformed.status).toBe(200)
    expect(malformed.body.errcode).toBe(47001)
    expect((await post(sim, '/cgi-bin/stable_token')).body.errcode).toBe(44002)
    expect((await get(sim, '/cgi-bin/stable_token')).body.errcode).toBe(43002)
  })
})

describe('GET /cgi-bin/token', () => {
  const query = { grant_type: 'client_credential', appid: APP.appId, secret: APP.secret }

  it('issues a new token on every call and invalidates the previous one (the 40001 storm)', async () => {
    sim = await startSimulator({ apps: [APP] })
    const first = await get(sim, '/cgi-bin/token', query)
    expect(first.body).toEqual({ access_token: expect.any(String) as string, expires_in: 7200 })
    const second = await get(sim, '/cgi-bin/token', query)
    expect(second.body.access_token).not.toBe(first.body.access_token)
    const stale = await phoneCall(sim, first.body.access_token as string)
    expect(stale.body.errcode).toBe(40001)
    expect(stale.body.errmsg).toMatch(/^invalid credential/)
    expect((await phoneCall(sim, second.body.access_token as string)).body.errcode).toBe(0)
  })

  it('does not touch the stable token', async () => {
    sim = await startSimulator({ apps: [APP] })
    const stable = (await stableToken(sim)).body.access_token as string
    await get(sim, '/cgi-bin/token', query)
    expect((await phoneCall(sim, stable)).body.errcode).toBe(0)
  })

  it('checks the credentials', async () => {
    sim = await startSimulator({ apps: [APP] })
    expect((await get(sim, '/cgi-bin/token', { ...query, secret: 'bad' })).body.errcode).toBe(40125)
    expect((await get(sim, '/cgi-bin/token', { ...query, appid: 'wxnope' })).body.errcode).toBe(
      40013,
    )
  })
})
