import type { ReplyOf, RouteName, Routes } from '@wxlogin/shared/api'
import { createApiClient, isApiError, type CallArgs, type Tokens } from '@wxlogin/shared/client'
import type { User } from '@wxlogin/shared/dto'
import { isTerminalRefreshError } from '@wxlogin/shared/errors'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { apiConfig } from '@/services/api-config'
import { getLoginCode } from '@/services/login-code'
import { loadTokens, saveTokens } from '@/services/token-storage'
import { uniRequestTransport, uniUploadTransport } from '@/services/uni-transport'

export type AuthStatus = 'anonymous' | 'logging-in' | 'authenticated'

/**
 * Whether the stored session can never work again, and signing in anew can help. The client has
 * already tried a refresh where one could help; what is left is one silent re-login (docs/wechat.md,
 * "The uni-app client"). A terminal refresh failure ends the session; USER_DISABLED ends it too, but
 * logging in again would only be refused again, so it is not retried here.
 */
const sessionLost = (error: unknown): boolean =>
  isApiError(error) &&
  error.code !== 'USER_DISABLED' &&
  (isTerminalRefreshError(error.code) ||
    error.code === 'AUTH_TOKEN_INVALID' ||
    error.code === 'AUTH_REQUIRED')

/**
 * The signed-in user and their tokens. Calls only the shared API client: no toasts, no
 * navigation (docs/contributing.md, style rule 11); pages read `status`/`isLoggedIn` and decide what the user sees.
 */
export const useAuthStore = defineStore('auth', () => {
  const tokens = ref<Tokens | null>(loadTokens())
  const user = ref<User | null>(null)
  const status = ref<AuthStatus>(tokens.value ? 'authenticated' : 'anonymous')
  /** The last login failure (an ApiError or LoginCodeError), for pages to explain. */
  const error = shallowRef<unknown>(null)
  const isLoggedIn = computed(() => tokens.value !== null)

  function setTokens(next: Tokens | null): void {
    tokens.value = next
    saveTokens(next)
    if (!next) {
      user.value = null
      status.value = 'anonymous'
    }
  }

  const config = apiConfig()
  const client = createApiClient({
    baseUrl: config.apiBase,
    request: uniRequestTransport,
    upload: uniUploadTransport,
    appId: config.appId ?? undefined,
    tokenStore: { get: () => tokens.value, set: setTokens },
  })

  let pendingLogin: Promise<User> | null = null

  /**
   * Single-flight: however many callers (double taps, pages loading in parallel) ask at once,
   * one uni.login and one wx-login call are made, because a second wx.login can rotate the
   * session_key and make the first code fail with 40163 (weRequest #36, WxJava #1323).
   */
  function login(): Promise<User> {
    pendingLogin ??= (async () => {
      status.value = 'logging-in'
      error.value = null
      try {
        const res = await client.wxLogin({ code: await getLoginCode() })
        user.value = res.user
        status.value = 'authenticated'
        return res.user
      } catch (err) {
        error.value = err
        status.value = tokens.value ? 'authenticated' : 'anonymous'
        throw err
      }
    })().finally(() => {
      pendingLogin = null
    })
    return pendingLogin
  }

  /** Runs a signed-in call; if the session is gone for good, logs in silently once and retries. */
  async function withSession<T>(call: () => Promise<T>): Promise<T> {
    const hadSession = tokens.value !== null
    try {
      return await call()
    } catch (err) {
      if (!hadSession || !sessionLost(err)) throw err
      if (tokens.value) setTokens(null)
      await login()
      return call()
    }
  }

  /** Rotates the token pair now (requests refresh by themselves on AUTH_TOKEN_EXPIRED). */
  async function refresh(): Promise<void> {
    await withSession(() => client.refresh())
  }

  async function fetchUser(): Promise<User> {
    user.value = await withSession(() => client.me())
    return user.value
  }

  async function updateNickname(nickname: string): Promise<User> {
    user.value = await withSession(() => client.updateMe({ nickname }))
    return user.value
  }

  /** `filePath` is the temporary file from chooseAvatar/chooseImage; the server keeps the copy. */
  async function uploadAvatar(filePath: string): Promise<string> {
    const { avatarUrl } = await withSession(() => client.uploadAvatar(filePath))
    if (user.value) user.value = { ...user.value, avatarUrl }
    return avatarUrl
  }

  /** `code` is the getPhoneNumber button's code, never a login code. */
  async function bindPhone(code: string): Promise<User> {
    user.value = await withSession(() => client.bindPhone(code))
    return user.value
  }

  /** Any operation of the route table, signed in, for a page's one-off call (admin-login). */
  function call<K extends RouteName>(name: K, ...args: CallArgs<K>): Promise<ReplyOf<Routes[K]>> {
    return withSession(() => client.call(name, ...args))
  }

  /** Always ends the local session; the server call is best effort (offline logout still works). */
  async function logout(): Promise<void> {
    try {
      if (tokens.value) await client.logout()
    } catch {
      // The refresh family then simply expires on the server.
    } finally {
      setTokens(null)
    }
  }

  return {
    user,
    tokens,
    status,
    error,
    isLoggedIn,
    login,
    logout,
    refresh,
    fetchUser,
    updateNickname,
    uploadAvatar,
    bindPhone,
    call,
  }
})
