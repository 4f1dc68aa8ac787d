import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APP, exchange, fakeClock, get, post, stableToken } from '../test/http.js'
import type { Reply } from '../test/http.js'
import { startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator
let clock: ReturnType<typeof fakeClock>
let token: string

beforeEach(async () => {
  clock = fakeClock()
  sim = await startSimulator({ apps: [APP], now: clock.now })
  token = (await stableToken(sim)).body.access_token as string
})
afterEach(() => sim.close())

/** `accessToken: null` sends no access_token at all. */
function getPhone(body: unknown, accessToken: string | null = token): Promise<Reply> {
  const query = accessToken === null ? '' : `?access_token=${encodeURIComponent(accessToken)}`
  return post(sim, `/wxa/business/getuserphonenumber${query}`, body)
}

describe('POST /wxa/business/getuserphonenumber', () => {
  it('returns the phone number once, countryCode as a string, watermarked with the appid', async () => {
    const { code } = sim.mintPhoneCode({ openid: 'oUser', phoneNumber: '13800138000' })
    const reply = await getPhone({ code, openid: 'oUser' })
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: Math.floor(clock.now() / 1000), appid: APP.appId },
      },
    })
    expect((await getPhone({ code, openid: 'oUser' })).body.errcode).toBe(40029)
  })

  it('prefixes a non-86 number with its country code', async () => {
    const { code } = sim.mintPhoneCode({ phoneNumber: '4155550123', countryCode: '1' })
    const info = (await getPhone({ code })).body.phone_info
    expect(info).toMatchObject({
      phoneNumber: '+14155550123',
      purePhoneNumber: '4155550123',
      countryCode: '1',
    })
  })

  it('refuses a code minted for another openid, without burning it', async () => {
    const { code } = sim.mintPhoneCode({ openid: 'oUser', phoneNumber: '13800138000' })
    expect((await getPhone({ code, openid: 'oSomeoneElse' })).body.errcode).toBe(40029)
    expect((await getPhone({ code, openid: 'oUser' })).body.errcode).toBe(0)
  })

  it('refuses an expired phone code and a login code with 40029', async () => {
    const { code } = sim.mintPhoneCode({ phoneNumber: '13800138000' })
    clock.advance(5 * 60_000 + 1_000)
    expect((await getPhone({ code })).body.errcode).toBe(40029)
    expect((await getPhone({ code: sim.mintLoginCode().code })).body.errcode).toBe(40029)
  })

  it('checks the access_token: missing 41001, unknown 40001, expired 42001', async () => {
    const body = { code: sim.mintPhoneCode({ phoneNumber: '13800138000' }).code }
    expect((await getPhone(body, null)).body.errcode).toBe(41001)
    expect((await getPhone(body, 'not-a-token')).body.errcode).toBe(40001)
    clock.advance(7200 * 1000)
    expect((await getPhone(body)).body.errcode).toBe(42001)
  })

  it('answers a missing code with 41008', async () => {
    expect((await getPhone({})).body.errcode).toBe(41008)
  })
})

describe('GET /wxa/checksession', () => {
  const sign = (sessionKey: string) => createHmac('sha256', sessionKey).update('').digest('hex')

  it('accepts the hmac of the latest session_key and refuses an older one with 87009', async () => {
    const old = (await exchange(sim, sim.mintLoginCode({ openid: 'oUser' }).code)).body
    const latest = (await exchange(sim, sim.mintLoginCode({ openid: 'oUser' }).code)).body
    const check = (sessionKey: string) =>
      get(sim, '/wxa/checksession', {
        access_token: token,
        openid: 'oUser',
        signature: sign(sessionKey),
        sig_method: 'hmac_sha256',
      })
    expect((await check(latest.session_key as string)).body).toEqual({ errcode: 0, errmsg: 'ok' })
    const stale = await check(old.session_key as string)
    expect(stale.body.errcode).toBe(87009)
    expect(stale.body.errmsg).toMatch(/^invalid signature/)
  })

  it('refuses an unknown user and a bad access_token', async () => {
    const query = {
      access_token: token,
      openid: 'oNobody',
      signature: 'x',
      sig_method: 'hmac_sha256',
    }
    expect((await get(sim, '/wxa/checksession', query)).body.errcode).toBe(87009)
    expect(
      (await get(sim, '/wxa/checksession', { ...query, access_token: 'bad' })).body.errcode,
    ).toBe(40001)
  })
})
