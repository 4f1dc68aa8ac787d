import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ID, APP_SECRET, JWT_SECRET, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** Secrets never in logs: not the code, session_key, tokens, AppSecret or JWT secret. */
describe.each(storeTargets())('log safety on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { LOG_LEVEL: 'trace' })
  })
  afterAll(() => s.close())

  it('a full login / refresh / failure cycle leaves no secret in the log', async () => {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const login = await s.request('POST', '/api/auth/wx-login', { body: { code } })
    expect(login.status).toBe(200)
    const refreshed = await s.request('POST', '/api/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    })
    await s.request('GET', '/api/me', { token: refreshed.body.accessToken })
    s.sim.injectFault({ endpoint: 'jscode2session', errcode: 40125, times: 1 })
    const { code: failing } = s.sim.mintLoginCode({ appId: APP_ID })
    await s.request('POST', '/api/auth/wx-login', { body: { code: failing } })

    const log = s.logs.join('')
    expect(log).toContain('"route":"/api/auth/wx-login"')
    for (const secret of [
      code,
      failing,
      APP_SECRET,
      JWT_SECRET,
      login.body.accessToken,
      login.body.refreshToken,
      refreshed.body.refreshToken,
    ]) {
      expect(log).not.toContain(secret)
    }
    expect(log).not.toMatch(/session_?key"\s*:\s*"[A-Za-z0-9+/=]{8,}/i)
  })
})
