import {
  createApiClient,
  fetchTransport,
  isApiError,
  type ApiClient,
  type Tokens,
} from '@wxlogin/shared/client'
import type { LoginTicketPoll, User } from '@wxlogin/shared/dto'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { loadTokens, saveTokens } from '@/services/token-storage'

/**
 * The signed-in admin and the API client. The client refreshes an expired access token by
 * itself; when the refresh token is dead (REFRESH_TOKEN_INVALID / _REUSED, USER_DISABLED) it
 * clears the tokens, and so the console is signed out. Calls only the client: pages decide what
 * to show and where to go (docs/contributing.md, style rule 11).
 */
export const useAuthStore = defineStore('auth', () => {
  const tokens = ref<Tokens | null>(loadTokens())
  const user = ref<User | null>(null)
  /** Why the console was signed out by the server (shown on the sign-in page), if it was. */
  const endedBy = shallowRef<string | null>(null)
  const isSignedIn = computed(() => tokens.value !== null)

  function setTokens(next: Tokens | null): void {
    tokens.value = next
    saveTokens(next)
    if (!next) user.value = null
  }

  const api: ApiClient = createApiClient({
    // The console is served by the API server itself: same origin.
    baseUrl: globalThis.location?.origin ?? '',
    request: fetchTransport((input, init) => globalThis.fetch(input, init)),
    tokenStore: { get: () => tokens.value, set: setTokens },
    onSessionEnded: (reason) => {
      endedBy.value = reason.code
    },
  })

  /** A ticket's (or a sign-in link's) first approved poll carries the tokens. */
  function signInWith(poll: LoginTicketPoll): boolean {
    if (!poll.accessToken || !poll.refreshToken) return false
    endedBy.value = null
    setTokens({ accessToken: poll.accessToken, refreshToken: poll.refreshToken })
    user.value = poll.user ?? null
    return true
  }

  async function fetchMe(): Promise<User> {
    user.value = await api.me()
    return user.value
  }

  /** The server forgets the session too; signing out locally never fails. */
  async function signOut(reason: string | null = null): Promise<void> {
    try {
      if (tokens.value) await api.logout()
    } catch (err) {
      if (!isApiError(err)) throw err
    } finally {
      setTokens(null)
      endedBy.value = reason
    }
  }

  return { tokens, user, endedBy, isSignedIn, api, signInWith, fetchMe, signOut }
})
