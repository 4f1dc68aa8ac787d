import { createPinia, setActivePinia } from 'pinia'
import type { User } from '@wxlogin/shared/dto'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import { SESSION_ENDS_KEY, USER_KEY } from '@/services/account-cache'
import { TOKENS_KEY } from '@/services/token-storage'
import { useAuthStore } from '@/stores/auth'
import { currentUni } from './mocks/uni'

const loginCalls = () => currentUni().api.calls('/api/auth/wx-login')
const codeCalls = () =>
  currentUni().login.mock.calls.length + currentUni().api.calls('/__sim/login-code')
const DAY_MS = 86_400_000

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
    expect(auth.isNewUser).toBe(false)
    expect(auth.tokens).toEqual({ accessToken: 'a1', refreshToken: 'r1' })
    const body = currentUni().api.seen.find((r) => r.path === '/api/auth/wx-login')?.data as {
      code: string
    }
    expect(body.code).toMatch(/^(code-1|dev:.+)$/)
  })

  it('says when the login created the account', async () => {
    currentUni().api.options.newUser = true
    const auth = useAuthStore()
    await auth.login()
    expect(auth.isNewUser).toBe(true)
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
    expect(auth.ended).toBeNull()
    await auth.login()
    expect(auth.status).toBe('authenticated')
    expect(auth.error).toBeNull()
  })

  it('a login refused for a disabled account ends as "disabled", like any other call', async () => {
    const auth = useAuthStore()
    currentUni().api.failNext('/api/auth/wx-login', 403, 'USER_DISABLED')
    await expect(auth.login()).rejects.toMatchObject({ code: 'USER_DISABLED' })
    expect(auth.ended).toBe('disabled')
  })

  it('reports a network failure as NETWORK_ERROR', async () => {
    const auth = useAuthStore()
    currentUni().api.setOffline(true)
    await expect(auth.login()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
  })
})

describe('useAuthStore persistence', () => {
  it('keeps tokens, the user and the session end under wxlogin:, and a cold start shows the user at once', async () => {
    const before = Date.now()
    await useAuthStore().login()
    expect(currentUni().storage.get(TOKENS_KEY)).toEqual({ accessToken: 'a1', refreshToken: 'r1' })
    expect(currentUni().storage.get(USER_KEY)).toMatchObject({ id: 'u1', nickname: '小明' })
    const endsAt = currentUni().storage.get(SESSION_ENDS_KEY) as number
    expect(endsAt).toBeGreaterThanOrEqual(before + 2592000 * 1000)
    expect([...currentUni().storage.keys()].every((k) => k.startsWith('wxlogin:'))).toBe(true)

    setActivePinia(createPinia()) // a new launch: same storage, fresh store
    const restored = useAuthStore()
    expect(restored.isLoggedIn).toBe(true)
    expect(restored.status).toBe('authenticated')
    // No request yet, and the user is already there to draw.
    expect(restored.user?.nickname).toBe('小明')
    const me = await restored.fetchUser()
    expect(me.nickname).toBe('小明')
    expect(loginCalls()).toBe(1)
  })

  it('ignores saved values of the wrong shape', () => {
    currentUni().storage.set(TOKENS_KEY, 'garbage')
    currentUni().storage.set(USER_KEY, { id: 3 })
    const auth = useAuthStore()
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
  })

  it('logout clears tokens and the cached user locally even when the server cannot be reached', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.setOffline(true)
    await auth.logout()
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
    expect(auth.ended).toBeNull()
    expect(currentUni().storage.has(TOKENS_KEY)).toBe(false)
    expect(currentUni().storage.has(USER_KEY)).toBe(false)
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

  it('a session ended elsewhere before its natural end is "revoked": signed out, no silent re-login', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.revokeSession()
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' })
    expect(auth.ended).toBe('revoked')
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.user).toBeNull()
    expect(loginCalls()).toBe(1)
  })

  it('a replayed refresh token ends the session for safety, without a re-login', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.revokeSession('REFRESH_TOKEN_REUSED')
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' })
    expect(auth.ended).toBe('security')
    expect(loginCalls()).toBe(1)
  })

  it('a session past its natural end logs in silently once, for every waiting call', async () => {
    const auth = useAuthStore()
    await auth.login()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 31 * DAY_MS)
    currentUni().api.revokeSession()
    const results = await Promise.all([auth.fetchUser(), auth.fetchUser()])
    expect(results.map((u) => u.nickname)).toEqual(['小明', '小明'])
    expect(loginCalls()).toBe(2) // the first login and ONE silent re-login
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.ended).toBeNull()
  })

  it('a call made while that silent re-login runs waits for it instead of failing', async () => {
    const auth = useAuthStore()
    await auth.login()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 31 * DAY_MS)
    currentUni().api.revokeSession()
    let second: Promise<User> | undefined
    // The moment the re-login starts, another page asks for the user.
    const stop = watch(
      () => auth.status,
      (status) => {
        if (status === 'logging-in') second = Promise.resolve().then(() => auth.fetchUser())
      },
      { flush: 'sync' },
    )
    await auth.fetchUser()
    stop()
    expect(second).toBeDefined()
    expect((await second!).nickname).toBe('小明')
    expect(loginCalls()).toBe(2)
  })

  it('when that silent re-login fails, the reason is "relogin-failed"', async () => {
    const auth = useAuthStore()
    await auth.login()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 31 * DAY_MS)
    currentUni().api.revokeSession()
    currentUni().api.failNext('/api/auth/wx-login', 503, 'WX_UNAVAILABLE')
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.ended).toBe('relogin-failed')
    expect(loginCalls()).toBe(2)
  })

  it.each([
    ['while refreshing', () => currentUni().api.revokeSession('USER_DISABLED')],
    ['on a call', () => currentUni().api.failNext('/api/me', 403, 'USER_DISABLED')],
  ])('a disabled account (found %s) is "disabled" and not logged in again', async (_w, breakIt) => {
    const auth = useAuthStore()
    await auth.login()
    breakIt()
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'USER_DISABLED' })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.ended).toBe('disabled')
    expect(loginCalls()).toBe(1)
  })

  it('an access token the server stopped accepting is refreshed before anything ends', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.failNext('/api/me', 401, 'AUTH_TOKEN_INVALID')
    const me = await auth.fetchUser()
    expect(me.id).toBe('u1')
    expect(currentUni().api.calls('/api/auth/refresh')).toBe(1)
    expect(auth.ended).toBeNull()
  })

  it('other failures leave the session alone', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.failNext('/api/me', 503, 'DB_UNAVAILABLE')
    await expect(auth.fetchUser()).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' })
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.nickname).toBe('小明')
    expect(auth.ended).toBeNull()
  })
})
