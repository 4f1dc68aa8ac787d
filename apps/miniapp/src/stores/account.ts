import type { Session, User } from '@wxlogin/shared/dto'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { AGREEMENT_VERSION } from '@/config/app-info'
import { getLoginCode } from '@/services/login-code'
import { useAuthStore } from './auth'

/**
 * The account itself (docs/account-lifecycle.md): consent to the agreements, the signed-in
 * devices, deletion. Calls only the API client through the auth store's session.
 */
export const useAccountStore = defineStore('account', () => {
  const auth = useAuthStore()
  /** The user's active sessions, the current one first; null until loaded. */
  const sessions = ref<Session[] | null>(null)

  /** Records consent to the texts this build shows. */
  async function acceptAgreement(): Promise<User> {
    const user = await auth.run((api) => api.acceptAgreement(AGREEMENT_VERSION))
    auth.agreementAsked = false
    return auth.setUser(user)
  }

  async function loadSessions(): Promise<Session[]> {
    sessions.value = (await auth.run((api) => api.sessions())).items
    return sessions.value
  }

  async function revokeSession(id: string): Promise<void> {
    await auth.run((api) => api.revokeSession(id))
    sessions.value = sessions.value?.filter((s) => s.id !== id) ?? null
  }

  async function logoutOthers(): Promise<void> {
    await auth.run((api) => api.logoutOthers())
    sessions.value = sessions.value?.filter((s) => s.current) ?? null
  }

  /**
   * Deletes the account. The server wants a fresh wx.login code of the same WeChat user, so a
   * stolen access token alone cannot delete anything; then the session ends as "deleted".
   */
  async function deleteAccount(): Promise<void> {
    const code = await getLoginCode()
    await auth.run((api) => api.deleteAccount(code))
    sessions.value = null
    auth.endSession('deleted')
  }

  return { sessions, acceptAgreement, loadSessions, revokeSession, logoutOthers, deleteAccount }
})
