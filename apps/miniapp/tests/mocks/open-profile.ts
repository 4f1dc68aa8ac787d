import { mount } from '@vue/test-utils'
import { createPinia, getActivePinia, setActivePinia } from 'pinia'
import type { Component } from 'vue'
import ProfilePage from '@/pages/profile/index.vue'
import { useAuthStore } from '@/stores/auth'
import { triggerHook } from './uni-app'

/**
 * Mounts a page as WeChat would show it: signed in (just logged in), or `relaunched` (tokens
 * and the cached user restored from storage, nothing fetched yet), or signed out.
 */
export async function openPage(
  component: Component,
  { signedIn = true, relaunched = false, query = {}, beforeShow = () => {} } = {},
) {
  if (signedIn) {
    setActivePinia(createPinia())
    await useAuthStore().login()
  }
  const pinia = relaunched || !signedIn ? createPinia() : getActivePinia()!
  setActivePinia(pinia)
  const auth = useAuthStore()
  const page = mount(component, { global: { plugins: [pinia] } })
  await triggerHook('onLoad', query)
  beforeShow()
  await triggerHook('onShow')
  return { page, auth }
}

export const openProfile = (options: Parameters<typeof openPage>[1] = {}) =>
  openPage(ProfilePage, options)

export type PageWrapper = Awaited<ReturnType<typeof openPage>>['page']
