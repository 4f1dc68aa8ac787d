import { createHmac } from 'node:crypto'
import {
  AccessTokenReplySchema,
  Code2SessionReplySchema,
  PhoneNumberReplySchema,
  WX_ENDPOINTS,
  WxErrorReplySchema,
  WxOkReplySchema,
  wxErrmsg,
} from '@wxlogin/wechat-wire'
import { afterEach, describe, expect, it } from 'vitest'
import { APP, exchange, get, post, stableToken } from '../test/http.js'
import { ENDPOINTS, startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

/** The simulator answers with what the server's schemas (@wxlogin/wechat-wire) read. */
describe('the simulator speaks the wire format the server reads', () => {
  it('answers every endpoint it serves with the reply its schema describes', async () => {
    sim = await startSimulator({ apps: [APP] })
    const { code, openid } = sim.mintLoginCode({ unionid: 'oUnion' })
    const session = Code2SessionReplySchema.parse((await exchange(sim, code)).body)
    expect(session).toMatchObject({ openid, unionid: 'oUnion' })

    const stable = AccessTokenReplySchema.parse((await stableToken(sim)).body)
    const token = encodeURIComponent(stable.access_token)
    const plain = await get(sim, WX_ENDPOINTS.token.path, {
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: APP.secret,
    })
    AccessTokenReplySchema.parse(plain.body)

    const phoneCode = sim.mintPhoneCode({ openid, phoneNumber: '13800138000' }).code
    const phone = await post(sim, `${WX_ENDPOINTS.getuserphonenumber.path}?access_token=${token}`, {
      code: phoneCode,
      openid,
    })
    expect(PhoneNumberReplySchema.parse(phone.body).phone_info.watermark.appid).toBe(APP.appId)

    const check = await get(sim, WX_ENDPOINTS.checksession.path, {
      access_token: stable.access_token,
      openid,
      signature: createHmac('sha256', session.session_key).update('').digest('hex'),
      sig_method: 'hmac_sha256',
    })
    expect(WxOkReplySchema.parse(check.body)).toMatchObject({ errcode: 0 })
  })

  it('serves each endpoint at its wire path and method', async () => {
    sim = await startSimulator({ apps: [APP] })
    for (const endpoint of ENDPOINTS) {
      const { path, method } = WX_ENDPOINTS[endpoint]
      // The other method is refused with WeChat's own errcode for it.
      const wrong = method === 'GET' ? await post(sim, path, {}) : await get(sim, path)
      expect(wrong.body.errcode, endpoint).toBe(method === 'GET' ? 43001 : 43002)
    }
  })

  it("words errors as the errcode table does, WeChat's rid at the end", async () => {
    sim = await startSimulator({ apps: [APP] })
    const reply = await exchange(sim, 'never-issued')
    const refused = WxErrorReplySchema.parse(reply.body)
    expect(refused.errcode).toBe(40029)
    expect(refused.errmsg).toMatch(new RegExp(`^${wxErrmsg(40029)}, rid: `))
  })
})
