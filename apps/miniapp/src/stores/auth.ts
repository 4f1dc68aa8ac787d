import type { ReplyOf, RouteName, Routes } from '@wxlogin/shared/api'
import { isApiError, type CallArgs, type Tokens } from '@wxlogin/shared/client'
import type { User } from '@wxlogin/shared/dto'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { AGREEMENT_VERSION } from '@/config/app-info'
import {
  loadCachedUser,
  loadSessionEnd,
  saveCachedUser,
  saveSessionEnd,
} from '@/services/account-cache'
import { createAppClient } from '@/services/api-client'
import { getLoginCode } from '@/services/login-code'
import type { EndReason } from '@/services/session-end'
import { createSessionRunner } from '@/services/session-runner'
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
  /** The last login's `agreementRequired`: the server wants consent to its current version. */
  const agreementAsked = ref(false)
  const sessionEndsAt = ref<number | null>(loadSessionEnd())
  const isLoggedIn = computed(() => tokens.value !== null)
  /** Ask for consent again: the server says so, or the user never accepted this build's texts. */
  const agreementRequired = computed(
    () =>
      user.value !== null &&
      (agreementAsked.value || user.value.agreement?.version !== AGREEMENT_VERSION),
  )

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
    agreementAsked.value = false
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
   * `agreementVersion`: the user has just accepted it (the login page's checkbox); the server
   * records the consent with this login.
   */
  function login(agreementVersion?: string): Promise<User> {
    pendingLogin ??= (async () => {
      status.value = 'logging-in'
      error.value = null
      try {
        const code = await getLoginCode()
        const agreement = agreementVersion ? { version: agreementVersion } : undefined
        const res = await client.wxLogin({ code, agreement })
        sessionEndsAt.value = Date.now() + res.refreshExpiresIn * 1000
        saveSessionEnd(sessionEndsAt.value)
        ended.value = null
        generation += 1
        isNewUser.value = res.isNewUser
        agreementAsked.value = res.agreementRequired
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

  const run = createSessionRunner({
    client,
    signedIn: () => tokens.value !== null,
    sessionEndsAt: () => sessionEndsAt.value,
    generation: () => generation,
    pendingLogin: () => pendingLogin,
    endSession,
    relogin: () => login(),
    ended: () => ended.value,
    setEnded: (reason) => (ended.value = reason),
  })

  /** Any operation of the route table, signed in, for a page's one-off call (admin-login). */
  function call<K extends RouteName>(name: K, ...args: CallArgs<K>): Promise<ReplyOf<Routes[K]>> {
    return run((api) => api.call(name, ...args))
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
    agreementAsked,
    agreementRequired,
    sessionEndsAt,
    isLoggedIn,
    login,
    logout,
    run,
    call,
    fetchUser,
    setUser,
    endSession,
  }
})
