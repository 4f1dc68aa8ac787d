import { ApiError, isApiError, type ApiClient, type Tokens } from '@wxlogin/shared/client'
import type { User } from '@wxlogin/shared/dto'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  loadCachedUser,
  loadSessionEnd,
  saveCachedUser,
  saveSessionEnd,
} from '@/services/account-cache'
import { createAppClient } from '@/services/api-client'
import { getLoginCode } from '@/services/login-code'
import { endReasonOf, type EndReason } from '@/services/session-end'
import { loadTokens, saveTokens } from '@/services/token-storage'

export type AuthStatus = 'anonymous' | 'logging-in' | 'authenticated'

/**
 * The signed-in user, their tokens and how the last session ended. Calls only the shared API
 * client: no toasts, no navigation (docs/contributing.md, style rule 11); pages read the state
 * and decide what to show.
 */
export const useAuthStore = defineStore('auth', () => {
  const tokens = ref<Tokens | null>(loadTokens())
  /** From the cache first, so a cold start renders the signed-in pages at once. */
  const user = ref<User | null>(tokens.value ? loadCachedUser() : null)
  const status = ref<AuthStatus>(tokens.value ? 'authenticated' : 'anonymous')
  /** The last login failure (ApiError or LoginCodeError). */
  const error = shallowRef<unknown>(null)
  /** Why the last session ended, until the user signs in again or dismisses it. */
  const ended = ref<EndReason | null>(null)
  const isNewUser = ref(false)
  const agreementRequired = ref(false)
  const sessionEndsAt = ref<number | null>(loadSessionEnd())
  const isLoggedIn = computed(() => tokens.value !== null)

  function setUser(next: User): User {
    user.value = next
    saveCachedUser(next)
    return next
  }

  function setTokens(next: Tokens | null): void {
    tokens.value = next
    saveTokens(next)
    if (next) return
    user.value = null
    saveCachedUser(null)
    status.value = 'anonymous'
    isNewUser.value = false
    agreementRequired.value = false
  }

  const client = createAppClient({ get: () => tokens.value, set: setTokens })

  /** Bumped whenever a session starts or ends, so a late failure cannot end a newer one. */
  let generation = 0

  function endSession(reason: EndReason | null): void {
    generation += 1
    setTokens(null)
    ended.value = reason
    sessionEndsAt.value = null
    saveSessionEnd(null)
  }

  let pendingLogin: Promise<User> | null = null

  /**
   * Single-flight: one uni.login and one wx-login call however many callers ask at once (a
   * second wx.login can rotate the session_key: 40163, weRequest #36, WxJava #1323).
   */
  function login(): Promise<User> {
    pendingLogin ??= (async () => {
      status.value = 'logging-in'
      error.value = null
      try {
        const code = await getLoginCode()
        const res = await client.wxLogin({ code })
        sessionEndsAt.value = Date.now() + res.refreshExpiresIn * 1000
        saveSessionEnd(sessionEndsAt.value)
        ended.value = null
        generation += 1
        isNewUser.value = res.isNewUser
        status.value = 'authenticated'
        return setUser(res.user)
      } catch (err) {
        error.value = err
        if (isApiError(err) && err.code === 'USER_DISABLED') ended.value = 'disabled'
        status.value = tokens.value ? 'authenticated' : 'anonymous'
        throw err
      }
    })().finally(() => {
      pendingLogin = null
    })
    return pendingLogin
  }

  /**
   * Runs a signed-in call. When the session turns out to be over, it ends here with its reason;
   * a session that only reached its natural end gets one silent re-login (wx.login needs no tap)
   * and the call is tried again.
   */
  async function run<T>(call: (api: ApiClient) => Promise<T>): Promise<T> {
    // A silent re-login in progress (another call found the session over): wait for it.
    await pendingLogin?.catch(() => undefined)
    if (!tokens.value) throw new ApiError('AUTH_REQUIRED', 401, 'Not signed in')
    const started = generation
    let failure: unknown
    try {
      return await call(client)
    } catch (err) {
      failure = err
    }
    if (started !== generation) {
      // A parallel call already ended this session (and may be logging in again): follow it.
      await pendingLogin?.catch(() => undefined)
      if (tokens.value) return call(client)
      throw failure
    }
    if (isApiError(failure) && failure.code === 'AUTH_TOKEN_INVALID' && tokens.value) {
      // Only a refresh tells an ended session from a token the server stopped accepting (a
      // rotated signing key): the refresh either works or fails with the real reason.
      try {
        await client.refresh()
        return await call(client)
      } catch (err) {
        failure = err
      }
    }
    const reason = endReasonOf(failure, sessionEndsAt.value, Date.now())
    if (!reason) throw failure
    if (reason !== 'expired') {
      endSession(reason)
      throw failure
    }
    // No reason on screen while the silent re-login runs: only its failure needs words.
    endSession(null)
    try {
      await login()
    } catch (err) {
      if (ended.value === null) ended.value = 'relogin-failed'
      throw err
    }
    return call(client)
  }

  async function fetchUser(): Promise<User> {
    return setUser(await run((api) => api.me()))
  }

  /** Always ends the local session; the server call is best effort (offline logout works). */
  async function logout(): Promise<void> {
    try {
      if (tokens.value) await client.logout()
    } catch {
      // The refresh family then simply expires on the server.
    } finally {
      endSession(null)
    }
  }

  return {
    user,
    tokens,
    status,
    error,
    ended,
    isNewUser,
    agreementRequired,
    sessionEndsAt,
    isLoggedIn,
    login,
    logout,
    run,
    fetchUser,
    setUser,
    endSession,
  }
})
