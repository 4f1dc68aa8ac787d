import { mount } from '@vue/test-utils'
import { createPinia, getActivePinia, setActivePinia } from 'pinia'
import ProfilePage from '@/pages/profile/index.vue'
import { useAuthStore } from '@/stores/auth'
import { triggerHook } from './uni-app'
import { settle } from './settle'

/**
 * Mounts the profile page as WeChat would show it: signed in (just logged in), or `relaunched`
 * (tokens restored from storage, no user loaded yet), or signed out.
 */
export async function openProfile({
  signedIn = true,
  relaunched = false,
  beforeShow = () => {},
} = {}) {
  if (signedIn) {
    setActivePinia(createPinia())
    await useAuthStore().login()
  }
  const pinia = relaunched || !signedIn ? createPinia() : getActivePinia()!
  setActivePinia(pinia)
  const auth = useAuthStore()
  const page = mount(ProfilePage, { global: { plugins: [pinia] } })
  beforeShow()
  await triggerHook('onShow')
  return { page, auth }
}

export type ProfileWrapper = Awaited<ReturnType<typeof openProfile>>['page']

export async function typeNickname(page: ProfileWrapper, value: string): Promise<void> {
  const input = page.get('#nickname-input')
  ;(input.element as HTMLInputElement).value = value
  // uni's input events carry the value in `detail`, which is what the page reads.
  await input.trigger('input', { detail: { value } })
  await settle()
}
