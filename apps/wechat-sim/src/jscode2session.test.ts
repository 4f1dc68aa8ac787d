import { afterEach, describe, expect, it } from 'vitest'
import { APP, OTHER_APP, RID, exchange, fakeClock, get, post } from '../test/http.js'
import { devOpenid, startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

describe('GET /sns/jscode2session', () => {
  it('exchanges a minted code once for its openid, a fresh session_key and no unionid', async () => {
    sim = await startSimulator({ apps: [APP] })
    const { code, openid } = sim.mintLoginCode()
    expect(openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
    const first = await exchange(sim, code)
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ openid, session_key: expect.any(String) as string })
    expect(Buffer.from(first.body.session_key as string, 'base64')).toHaveLength(16)
    expect('unionid' in first.body).toBe(false)

    const second = await exchange(sim, code)
    expect(second.status).toBe(200)
    expect(second.body.errcode).toBe(40163)
    expect(second.body.errmsg).toMatch(/^code been used, rid: /)
    expect(second.body.errmsg).toMatch(RID)
    expect(second.body.openid).toBeUndefined()
  })

  it('answers text/plain like the real API', async () => {
    sim = await startSimulator()
    const reply = await exchange(sim, sim.mintLoginCode().code)
    expect(reply.contentType).toMatch(/^text\/plain/)
  })

  it('returns the openid and unionid a code was minted with', async () => {
    sim = await startSimulator({ apps: [APP] })
    const { code } = sim.mintLoginCode({ openid: 'oFixedOpenid', unionid: 'oUnion' })
    const reply = await exchange(sim, code)
    expect(reply.body).toMatchObject({ openid: 'oFixedOpenid', unionid: 'oUnion' })
  })

  it('gives a new session_key on every exchange', async () => {
    sim = await startSimulator()
    const a = await exchange(sim, sim.mintLoginCode({ openid: 'oSame' }).code)
    const b = await exchange(sim, sim.mintLoginCode({ openid: 'oSame' }).code)
    expect(a.body.session_key).not.toBe(b.body.session_key)
  })

  it('accepts a code at 4:59 and refuses it at 5:01 with 40029', async () => {
    const clock = fakeClock()
    sim = await startSimulator({ apps: [APP], now: clock.now })
    const early = sim.mintLoginCode()
    const late = sim.mintLoginCode()
    clock.advance(4 * 60_000 + 59_000)
    expect((await exchange(sim, early.code)).body.openid).toBe(early.openid)
    clock.advance(2_000)
    const reply = await exchange(sim, late.code)
    expect(reply.body.errcode).toBe(40029)
    expect(reply.body.openid).toBeUndefined()
  })

  it('refuses an unknown code with 40029 "invalid code"', async () => {
    sim = await startSimulator()
    const reply = await exchange(sim, 'no-such-code')
    expect(reply.body.errcode).toBe(40029)
    expect(reply.body.errmsg).toMatch(/^invalid code, rid: [0-9a-f-]+$/)
  })

  it('checks appid and secret when apps are registered', async () => {
    sim = await startSimulator({ apps: [APP] })
    const { code } = sim.mintLoginCode()
    expect((await exchange(sim, code, OTHER_APP)).body.errcode).toBe(40013)
    expect((await exchange(sim, code, { ...APP, secret: 'wrong' })).body.errcode).toBe(40125)
    // The refused attempts did not burn the code.
    expect((await exchange(sim, code)).body.openid).toBeDefined()
  })

  it('accepts any appid and secret when no app is registered', async () => {
    sim = await startSimulator()
    const { code, openid } = sim.mintLoginCode()
    expect((await exchange(sim, code, { appId: 'wxanything', secret: 'x' })).body.openid).toBe(
      openid,
    )
  })

  it('refuses a code minted for another app with 40029', async () => {
    sim = await startSimulator({ apps: [APP, OTHER_APP] })
    const { code } = sim.mintLoginCode({ appId: OTHER_APP.appId })
    expect((await exchange(sim, code)).body.errcode).toBe(40029)
    expect((await exchange(sim, code, OTHER_APP)).body.openid).toBeDefined()
  })

  it('mints for the first registered app by default', async () => {
    sim = await startSimulator({ apps: [APP, OTHER_APP] })
    const { code } = sim.mintLoginCode()
    expect((await exchange(sim, code, OTHER_APP)).body.errcode).toBe(40029)
    expect((await exchange(sim, code)).body.openid).toBeDefined()
  })

  it('reports missing parameters with their own errcodes', async () => {
    sim = await startSimulator({ apps: [APP] })
    const base = {
      appid: APP.appId,
      secret: APP.secret,
      js_code: 'x',
      grant_type: 'authorization_code',
    }
    const without = async (key: keyof typeof base) => {
      const query: Record<string, string> = { ...base }
      delete query[key]
      return (await get(sim as Simulator, '/sns/jscode2session', query)).body.errcode
    }
    expect(await without('js_code')).toBe(41008)
    expect(await without('appid')).toBe(41002)
    expect(await without('secret')).toBe(41004)
    expect(await without('grant_type')).toBe(40002)
  })

  it('answers a POST with 43001 "require GET method"', async () => {
    sim = await startSimulator()
    const reply = await post(sim, '/sns/jscode2session', {})
    expect(reply.status).toBe(200)
    expect(reply.body.errcode).toBe(43001)
  })
})

describe('dev:<name> codes', () => {
  it('map to a stable per-app openid and work any number of times', async () => {
    sim = await startSimulator({ apps: [APP, OTHER_APP] })
    const expected = devOpenid(APP.appId, 'alice')
    expect(expected).toMatch(/^o[A-Za-z0-9_-]{27}$/)
    for (let i = 0; i < 3; i += 1) {
      expect((await exchange(sim, 'dev:alice')).body.openid).toBe(expected)
    }
    expect((await exchange(sim, 'dev:bob')).body.openid).not.toBe(expected)
    expect((await exchange(sim, 'dev:alice', OTHER_APP)).body.openid).not.toBe(expected)
  })

  it('need a name of 1..64 characters', async () => {
    sim = await startSimulator()
    expect((await exchange(sim, 'dev:')).body.errcode).toBe(40029)
    expect((await exchange(sim, `dev:${'a'.repeat(64)}`)).body.openid).toBeDefined()
    expect((await exchange(sim, `dev:${'a'.repeat(65)}`)).body.errcode).toBe(40029)
  })

  it('are refused with 40029 in strict mode', async () => {
    sim = await startSimulator({ strict: true })
    const reply = await exchange(sim, 'dev:alice')
    expect(reply.body.errcode).toBe(40029)
    expect(reply.body.openid).toBeUndefined()
  })
})
