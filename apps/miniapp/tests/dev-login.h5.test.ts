import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAuthStore } from '@/stores/auth'
import { currentUni } from './mocks/uni'

const loginBodies = () =>
  currentUni()
    .api.seen.filter((r) => r.path === '/api/auth/wx-login')
    .map((r) => (r.data as { code: string }).code)

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  globalThis.__WXLOGIN_CONFIG__ = undefined
})

describe('H5 development login', () => {
  it('logs in with a dev:<name> code, the same simulated user every time in this browser', async () => {
    const auth = useAuthStore()
    await auth.login()
    await auth.login()
    const [first, second] = loginBodies()
    expect(first).toMatch(/^dev:h5-[a-z0-9]+$/)
    expect(second).toBe(first)
    expect(currentUni().login).not.toHaveBeenCalled()
  })

  it('uses the configured dev user', async () => {
    globalThis.__WXLOGIN_CONFIG__ = { devUser: 'alice' }
    await useAuthStore().login()
    expect(loginBodies()).toEqual(['dev:alice'])
  })

  it('mints a single-use code from the simulator when its control API is configured', async () => {
    globalThis.__WXLOGIN_CONFIG__ = {
      apiBase: 'http://127.0.0.1:9/',
      simBase: 'http://127.0.0.1:8',
      devUser: 'bob',
    }
    setActivePinia(createPinia())
    await useAuthStore().login()
    const mint = currentUni().request.mock.calls.find((c) =>
      String(c[0].url).includes('/__sim/login-code'),
    )?.[0]
    expect(mint).toMatchObject({
      url: 'http://127.0.0.1:8/__sim/login-code',
      data: { openid: 'dev-bob' },
    })
    expect(loginBodies()).toEqual([expect.stringMatching(/^sim-login-/)])
    const login = currentUni().request.mock.calls.find((c) =>
      String(c[0].url).endsWith('/api/auth/wx-login'),
    )?.[0]
    expect(login?.url).toBe('http://127.0.0.1:9/api/auth/wx-login')
  })

  it('a simulator that cannot mint is a login-code failure, not a server error', async () => {
    globalThis.__WXLOGIN_CONFIG__ = { simBase: '' }
    currentUni().api.setOffline(true)
    await expect(useAuthStore().login()).rejects.toMatchObject({ name: 'LoginCodeError' })
  })
})
