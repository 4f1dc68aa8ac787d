import type { User } from '@wxlogin/shared/dto'
import { defineStore } from 'pinia'
import { toRaw } from 'vue'
import { useAuthStore } from './auth'

/** Profile changes: each is one API call whose answer becomes the signed-in user. */
export const useProfileStore = defineStore('profile', () => {
  const auth = useAuthStore()

  async function updateNickname(nickname: string): Promise<User> {
    return auth.setUser(await auth.run((api) => api.updateMe({ nickname })))
  }

  /** `filePath` is the temporary file from chooseAvatar/chooseImage; the server keeps the copy. */
  async function uploadAvatar(filePath: string): Promise<string> {
    const { avatarUrl } = await auth.run((api) => api.uploadAvatar(filePath))
    if (auth.user) auth.setUser({ ...toRaw(auth.user), avatarUrl })
    try {
      // The upload answers only the URL; the user also says whether the image is under review.
      await auth.fetchUser()
    } catch {
      // The avatar is saved either way; the next load shows its review state.
    }
    return avatarUrl
  }

  /** `code` is the getPhoneNumber button's code, never a login code. */
  async function bindPhone(code: string): Promise<User> {
    return auth.setUser(await auth.run((api) => api.bindPhone(code)))
  }

  return { updateNickname, uploadAvatar, bindPhone }
})
