import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { startServer, type RunningServer } from '../../src/start-server.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * The WeChat server access_token behind the phone API (docs/wechat.md, "The server's access_token"): one
 * token per appId shared through the store by every instance, one stable_token call at a time,
 * and on 40001/42001/40014 one drop-refetch-retry, never a loop.
 */
describe.each(storeTargets())('server access_token on $name', (target) => {
  let s: Stack
  /** A second instance on the same store (same DATA_DIR or same MongoDB database) and simulator. */
  let peer: RunningServer
  beforeAll(async () => {
    // A generous WeChat timeout: this suite is about call counts, and 20 concurrent requests on a
    // busy 2-core machine can exceed the stack's 400 ms default.
    s = await startStack(target, { WECHAT_TIMEOUT_MS: '3000' })
    peer = await startServer({
      config: { ...s.server.config, port: 0 },
      logger: createLogger('silent'),
    })
  })
  afterAll(async () => {
    await peer.close()
    await s.close()
  })
  afterEach(() => s.sim.clearFaults())

  let next = 0
  const stableCalls = () => s.sim.stats().calls.stable_token
  const phoneCalls = () => s.sim.stats().calls.getuserphonenumber

  /** A new user with a fresh getPhoneNumber code. */
  async function userWithPhoneCode() {
    const login = await s.login()
    const openid = (await s.server.store.users.findById(login.user.id))!.openid
    const { code } = s.sim.mintPhoneCode({
      openid,
      phoneNumber: `137${String(next++).padStart(8, '0')}`,
    })
    return { accessToken: login.accessToken, code }
  }

  async function bind(url: string, { accessToken, code }: { accessToken: string; code: string }) {
    const res = await fetch(`${url}/api/me/phone`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    return { status: res.status, body: (await res.json()) as { error?: { code: string } } }
  }

  /** Signs a new user in and binds a fresh number on `url`. */
  const loginAndBind = async (url: string) => bind(url, await userWithPhoneCode())

  it('20 concurrent bindings across two instances → exactly one stable_token call', async () => {
    const users = []
    for (let i = 0; i < 20; i++) users.push(await userWithPhoneCode())
    const results = await Promise.all(users.map((u, i) => bind(i % 2 ? peer.url : s.url, u)))
    expect(results.map((r) => r.body.error?.code ?? r.status)).toEqual(Array(20).fill(200))
    expect(stableCalls()).toBe(1)
    const cached = await s.server.store.wxTokens.get(s.server.config.apps[0]!.appId)
    expect(cached?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7000 * 1000)
  })

  it('the cached token is reused by later calls on both instances', async () => {
    const before = stableCalls()
    for (const url of [s.url, peer.url, s.url]) expect((await loginAndBind(url)).status).toBe(200)
    expect(stableCalls()).toBe(before)
  })

  it.each([40001, 42001, 40014])(
    'errcode %i on the business call → one refetch, one retry, bound',
    async (errcode) => {
      const [stable, phone] = [stableCalls(), phoneCalls()]
      s.sim.injectFault({ endpoint: 'getuserphonenumber', errcode })
      const res = await loginAndBind(s.url)
      expect(res.status).toBe(200)
      expect(stableCalls() - stable).toBe(1)
      expect(phoneCalls() - phone).toBe(2)
    },
  )

  it('the token refused again after the refetch → 502 WX_UPSTREAM_ERROR, no loop, next call recovers', async () => {
    const [stable, phone] = [stableCalls(), phoneCalls()]
    s.sim.injectFault({ endpoint: 'getuserphonenumber', errcode: 40001, times: 2 })
    const res = await loginAndBind(s.url)
    expect(res.status).toBe(502)
    expect(res.body.error?.code).toBe('WX_UPSTREAM_ERROR')
    expect(stableCalls() - stable).toBe(1)
    expect(phoneCalls() - phone).toBe(2)
    expect((await loginAndBind(s.url)).status).toBe(200)
  })

  it('a token refused on one instance is refetched without force_refresh: the other instance keeps working', async () => {
    const appId = s.server.config.apps[0]!.appId
    const token = (await s.server.store.wxTokens.get(appId))!.token
    s.sim.injectFault({ endpoint: 'getuserphonenumber', errcode: 40001 })
    expect((await loginAndBind(peer.url)).status).toBe(200)
    // force_refresh would have issued a new token and invalidated this one (a 40001 storm).
    expect((await s.server.store.wxTokens.get(appId))!.token).toBe(token)
    const before = stableCalls()
    expect((await loginAndBind(s.url)).status).toBe(200)
    expect(stableCalls()).toBe(before)
  })

  it('stable_token failing → 502 WX_UPSTREAM_ERROR, a bad AppSecret logged loudly; the next call fetches again', async () => {
    s.clock.advance(3 * 3600 * 1000) // past the cached token's expiry (for this instance's clock)
    s.sim.injectFault({ endpoint: 'stable_token', errcode: 40125 })
    const res = await loginAndBind(s.url)
    expect(res.status).toBe(502)
    expect(res.body.error?.code).toBe('WX_UPSTREAM_ERROR')
    expect(s.logs.join('')).toContain('WeChat refused the server access_token')
    expect((await loginAndBind(s.url)).status).toBe(200)
  })

  it('refreshes at least 5 minutes before expiry, not earlier than needed', async () => {
    const appId = s.server.config.apps[0]!.appId
    const expiresAt = (await s.server.store.wxTokens.get(appId))!.expiresAt.getTime()
    const untilExpiry = () => expiresAt - s.clock.now().getTime()
    s.clock.advance(untilExpiry() - 6 * 60 * 1000) // 6 minutes left: keep it
    let before = stableCalls()
    expect((await loginAndBind(s.url)).status).toBe(200)
    expect(stableCalls()).toBe(before)
    s.clock.advance(untilExpiry() - 4 * 60 * 1000) // 4 minutes left: refresh
    before = stableCalls()
    expect((await loginAndBind(s.url)).status).toBe(200)
    expect(stableCalls()).toBe(before + 1)
    expect((await s.server.store.wxTokens.get(appId))!.expiresAt.getTime()).toBeGreaterThan(
      expiresAt,
    )
  })
})
