import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { TOKENS_KEY } from '@/services/token-storage'
import { useAuthStore } from '@/stores/auth'
import { currentUni } from './mocks/uni'

const loginCalls = () => currentUni().api.calls('/api/auth/wx-login')
const codeCalls = () =>
  currentUni().login.mock.calls.length + currentUni().api.calls('/__sim/login-code')

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('useAuthStore login', () => {
  it('logs in through the shared client and keeps user, tokens and status', async () => {
    const auth = useAuthStore()
    expect(auth.status).toBe('anonymous')
    const user = await auth.login()
    expect(user.nickname).toBe('小明')
    expect(auth.status).toBe('authenticated')
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.tokens).toEqual({ accessToken: 'a1', refreshToken: 'r1' })
    const body = currentUni().api.seen.find((r) => r.path === '/api/auth/wx-login')?.data as {
      code: string
    }
    expect(body.code).toMatch(/^(code-1|dev:.+)$/)
  })

  it('N simultaneous callers share one login code and one server call', async () => {
    const auth = useAuthStore()
    const users = await Promise.all(Array.from({ length: 5 }, () => auth.login()))
    expect(new Set(users.map((u) => u.id)).size).toBe(1)
    expect(loginCalls()).toBe(1)
    expect(codeCalls()).toBeLessThanOrEqual(1)
    // Once settled, a later login is a new attempt.
    await auth.login()
    expect(loginCalls()).toBe(2)
  })

  it('a failed login keeps the typed error, leaves the user signed out, and can be retried', async () => {
    const auth = useAuthStore()
    currentUni().api.failNext('/api/auth/wx-login', 503, 'WX_UNAVAILABLE')
    await expect(auth.login()).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
    expect(auth.status).toBe('anonymous')
    expect(auth.error).toMatchObject({ code: 'WX_UNAVAILABLE' })
    await auth.login()
    expect(auth.status).toBe('authenticated')
    expect(auth.error).toBeNull()
  })

  it('reports a network failure as NETWORK_ERROR', async () => {
    const auth = useAuthStore()
    currentUni().api.setOffline(true)
    await expect(auth.login()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
  })
})

describe('useAuthStore persistence', () => {
  it('saves tokens under the wxlogin: prefix and restores them on the next launch', async () => {
    await useAuthStore().login()
    expect(currentUni().storage.get(TOKENS_KEY)).toEqual({ accessToken: 'a1', refreshToken: 'r1' })
    expect([...currentUni().storage.keys()].every((k) => k.startsWith('wxlogin:'))).toBe(true)

    setActivePinia(createPinia()) // a new launch: same storage, fresh store
    const restored = useAuthStore()
    expect(restored.isLoggedIn).toBe(true)
    expect(restored.status).toBe('authenticated')
    const me = await restored.fetchUser()
    expect(me.nickname).toBe('小明')
    expect(loginCalls()).toBe(1)
  })

  it('ignores a saved value of the wrong shape', () => {
    currentUni().storage.set(TOKENS_KEY, 'garbage')
    expect(useAuthStore().isLoggedIn).toBe(false)
  })

  it('logout clears the tokens locally even when the server cannot be reached', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.setOffline(true)
    await auth.logout()
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
    expect(currentUni().storage.has(TOKENS_KEY)).toBe(false)
  })

  it('logout tells the server when it can', async () => {
    const auth = useAuthStore()
    await auth.login()
    await auth.logout()
    expect(currentUni().api.calls('/api/auth/logout')).toBe(1)
  })
})

describe('useAuthStore session upkeep', () => {
  it('refreshes once on an expired access token and replays the calls', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.expireAccess()
    const [a, b, c] = await Promise.all([auth.fetchUser(), auth.fetchUser(), auth.fetchUser()])
    expect([a.id, b.id, c.id]).toEqual(['u1', 'u1', 'u1'])
    expect(currentUni().api.calls('/api/auth/refresh')).toBe(1)
    expect(auth.tokens).toEqual({ accessToken: 'a2', refreshToken: 'r2' })
    expect(currentUni().storage.get(TOKENS_KEY)).toEqual({ accessToken: 'a2', refreshToken: 'r2' })
  })

  it('when refresh fails, logs in silently once and finishes the call', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.revokeSession()
    const results = await Promise.all([auth.fetchUser(), auth.fetchUser()])
    expect(results.map((u) => u.nickname)).toEqual(['小明', '小明'])
    expect(loginCalls()).toBe(2) // the first login and ONE silent re-login
    expect(auth.isLoggedIn).toBe(true)
  })

  it('when the silent re-login fails too, ends signed out so the pages send the user to login', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.revokeSession()
    currentUni().api.failNext('/api/auth/wx-login', 503, 'WX_UNAVAILABLE')
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.status).toBe('anonymous')
    expect(loginCalls()).toBe(2)
  })

  it('a disabled account is not logged in again', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.expireAccess()
    currentUni().api.failNext('/api/auth/refresh', 403, 'USER_DISABLED')
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'USER_DISABLED' })
    expect(auth.isLoggedIn).toBe(false)
    expect(loginCalls()).toBe(1)
  })

  it('refresh() rotates the pair through the shared client', async () => {
    const auth = useAuthStore()
    await auth.login()
    await auth.refresh()
    expect(auth.tokens).toEqual({ accessToken: 'a2', refreshToken: 'r2' })
  })
})

describe('useAuthStore profile calls', () => {
  it('saves the nickname, uploads the avatar file and binds the phone', async () => {
    const auth = useAuthStore()
    await auth.login()
    await auth.updateNickname('新名字')
    expect(auth.user?.nickname).toBe('新名字')
    const url = await auth.uploadAvatar('wxfile://tmp/avatar.png')
    expect(url).toBe('http://api.test/avatars/u1.png')
    expect(auth.user?.avatarUrl).toBe(url)
    const upload = currentUni().uploadFile.mock.calls[0]?.[0]
    expect(upload).toMatchObject({ filePath: 'wxfile://tmp/avatar.png', name: 'file' })
    expect(upload?.url).toMatch(/\/api\/me\/avatar$/)
    await auth.bindPhone('phone-code')
    expect(auth.user?.phone).toBe('138****0000')
    const phone = currentUni().api.seen.find((r) => r.path === '/api/me/phone')
    expect(phone?.data).toEqual({ code: 'phone-code' })
  })
})
