import { afterEach, describe, expect, it } from 'vitest'
import { APP, del, exchange, get, post, stableToken } from '../test/http.js'
import { startSimulator } from './index.js'
import type { Simulator } from './index.js'

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

async function started(): Promise<Simulator> {
  sim = await startSimulator({ apps: [APP] })
  return sim
}

describe('POST /__sim/login-code', () => {
  it('mints a code that jscode2session accepts once', async () => {
    const s = await started()
    const minted = await post(s, '/__sim/login-code', { openid: 'oAlice', unionid: 'oUnionAlice' })
    expect(minted.status).toBe(200)
    expect(minted.body).toEqual({ code: expect.any(String) as string, openid: 'oAlice' })
    const reply = await exchange(s, minted.body.code as string)
    expect(reply.body).toMatchObject({ openid: 'oAlice', unionid: 'oUnionAlice' })
  })

  it('accepts an empty body and invents an openid', async () => {
    const s = await started()
    const minted = await post(s, '/__sim/login-code')
    expect(minted.body.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
  })

  it('answers 400 with an errcode body on bad input', async () => {
    const s = await started()
    const malformed = await post(s, '/__sim/login-code', '{"openid":')
    expect(malformed.status).toBe(400)
    expect(malformed.body.errcode).toBe(47001)
    const wrongType = await post(s, '/__sim/login-code', { openid: 42 })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.errcode).toBe(40097)
    expect((await post(s, '/__sim/login-code', '[1]')).status).toBe(400)
    const huge = await post(s, '/__sim/login-code', { openid: 'x'.repeat(70 * 1024) })
    expect(huge.status).toBe(400)
    expect(huge.body.errmsg).toMatch(/64 KiB/)
    // Still serving after all that.
    expect((await post(s, '/__sim/login-code', {})).status).toBe(200)
  })
})

describe('POST /__sim/phone-code', () => {
  it('mints a phone code and validates its body', async () => {
    const s = await started()
    const minted = await post(s, '/__sim/phone-code', {
      phoneNumber: '13800138000',
      countryCode: 86,
    })
    expect(minted.body).toEqual({ code: expect.any(String) as string })
    expect((await post(s, '/__sim/phone-code', {})).status).toBe(400)
    expect((await post(s, '/__sim/phone-code', { phoneNumber: '+86 138' })).status).toBe(400)
    expect((await post(s, '/__sim/phone-code')).status).toBe(400)
  })
})

describe('POST /__sim/faults', () => {
  it('answers the next `times` calls with the errcode, then normally', async () => {
    const s = await started()
    const injected = await post(s, '/__sim/faults', {
      endpoint: 'jscode2session',
      errcode: -1,
      times: 2,
    })
    expect(injected.status).toBe(204)
    for (let i = 0; i < 2; i += 1) {
      const reply = await exchange(s, 'dev:alice')
      expect(reply.status).toBe(200)
      expect(reply.body.errcode).toBe(-1)
      expect(reply.body.errmsg).toMatch(/^system error, rid: /)
    }
    expect((await exchange(s, 'dev:alice')).body.openid).toBeDefined()
  })

  it('answers with a non-JSON httpStatus body', async () => {
    const s = await started()
    await post(s, '/__sim/faults', { endpoint: 'stable_token', httpStatus: 502 })
    const reply = await stableToken(s)
    expect(reply.status).toBe(502)
    expect(reply.text).toBe('Bad Gateway')
    expect((await stableToken(s)).body.access_token).toBeDefined()
  })

  it('delays the call by delayMs and then answers normally', async () => {
    const s = await started()
    await post(s, '/__sim/faults', { endpoint: 'jscode2session', delayMs: 150 })
    const started_ = performance.now()
    const reply = await exchange(s, 'dev:alice')
    expect(performance.now() - started_).toBeGreaterThanOrEqual(140)
    expect(reply.body.openid).toBeDefined()
  })

  it('does not hold close() up while a call is being delayed', async () => {
    const s = await started()
    s.injectFault({ endpoint: 'jscode2session', delayMs: 30_000 })
    const pending = exchange(s, 'dev:alice').catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = performance.now()
    await s.close()
    sim = undefined
    expect(performance.now() - closing).toBeLessThan(1000)
    expect(await pending).toBeInstanceOf(Error)
  })

  it('applies injected faults in order and DELETE clears them', async () => {
    const s = await started()
    await post(s, '/__sim/faults', { endpoint: 'jscode2session', errcode: 45011 })
    await post(s, '/__sim/faults', { endpoint: 'jscode2session', errcode: 40226 })
    await post(s, '/__sim/faults', { endpoint: 'jscode2session', errcode: -1 })
    expect((await exchange(s, 'dev:a')).body.errcode).toBe(45011)
    expect((await exchange(s, 'dev:a')).body.errcode).toBe(40226)
    expect((await del(s, '/__sim/faults')).status).toBe(204)
    expect((await exchange(s, 'dev:a')).body.openid).toBeDefined()
  })

  it('refuses invalid fault specs with 400', async () => {
    const s = await started()
    const bad = [
      {},
      { endpoint: 'nope', errcode: -1 },
      { endpoint: 'token', errcode: 1.5 },
      { endpoint: 'token', errcode: 0 },
      { endpoint: 'token', httpStatus: 99 },
      { endpoint: 'token', errcode: -1, httpStatus: 502 },
      { endpoint: 'token', delayMs: -1 },
      { endpoint: 'token', times: 0 },
    ]
    for (const body of bad) {
      const reply = await post(s, '/__sim/faults', body)
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body.errcode).toBe(40097)
    }
    expect(() => s.injectFault({ endpoint: 'token', times: -3 })).toThrow(/times/)
  })
})

describe('GET /__sim/stats and POST /__sim/reset', () => {
  it('counts every call per endpoint, faulted ones included, and reset clears everything', async () => {
    const s = await started()
    s.injectFault({ endpoint: 'jscode2session', httpStatus: 500 })
    await exchange(s, 'dev:a')
    await exchange(s, 'dev:a')
    await stableToken(s)
    const stats = await get(s, '/__sim/stats')
    expect(stats.body).toEqual({
      calls: {
        jscode2session: 2,
        stable_token: 1,
        token: 0,
        getwxacodeunlimit: 0,
        getuserphonenumber: 0,
        checksession: 0,
        msg_sec_check: 0,
        media_check_async: 0,
      },
      pushes: { delivered: 0, failed: 0 },
    })
    expect(s.stats().calls.jscode2session).toBe(2)

    const { code } = s.mintLoginCode()
    s.injectFault({ endpoint: 'jscode2session', errcode: -1 })
    expect((await post(s, '/__sim/reset')).status).toBe(204)
    expect(s.stats().calls.stable_token).toBe(0)
    expect((await exchange(s, code)).body.errcode).toBe(40029)
  })
})

describe('other paths', () => {
  it('answer 404, or 405 for a known control path', async () => {
    const s = await started()
    const missing = await get(s, '/nope')
    expect(missing.status).toBe(404)
    expect(missing.body.errcode).toBe(-1)
    expect((await get(s, '/__sim/login-code')).status).toBe(405)
  })

  it('can register an app at runtime', async () => {
    sim = await startSimulator()
    const added = await post(sim, '/__sim/apps', APP)
    expect(added.status).toBe(204)
    expect((await exchange(sim, 'dev:a', { ...APP, secret: 'bad' })).body.errcode).toBe(40125)
  })
})
