import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import LoginPage from '@/pages/login/index.vue'
import { useAuthStore } from '@/stores/auth'
import { triggerHook } from './mocks/uni-app'
import { currentUni } from './mocks/uni'
import { settle } from './mocks/settle'

async function open(query: Record<string, string> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const page = mount(LoginPage, { global: { plugins: [pinia] } })
  await triggerHook('onLoad', query)
  await triggerHook('onShow')
  return page
}
type Page = Awaited<ReturnType<typeof open>>

const button = (page: Page) => page.get('#login-btn')
const agree = async (page: Page) => {
  await page.get('#agreement-check').trigger('click')
}
const PROFILE = encodeURIComponent('/pages/profile/index')

beforeEach(() => {
  currentUni().api.user.nickname = '小明'
})

describe('login page', () => {
  it('starts unchecked with a one-tap button and a way to decline', async () => {
    const page = await open()
    expect(button(page).text()).toBe('微信一键登录')
    expect(button(page).attributes('disabled')).toBeUndefined()
    expect(page.get('#agreement-check').attributes('aria-checked')).toBe('false')
    expect(page.get('#agreement-terms').text()).toBe('《用户协议》')
    expect(page.get('#agreement-privacy').text()).toBe('《隐私政策》')
    expect(page.get('#login-skip').text()).toBe('暂不登录')
    expect(page.find('#login-error').exists()).toBe(false)
  })

  it('the agreement titles open the documents in the app', async () => {
    const page = await open()
    await page.get('#agreement-terms').trigger('click')
    await page.get('#agreement-privacy').trigger('click')
    expect(currentUni().navigateTo.mock.calls.map((c) => c[0])).toEqual([
      { url: '/pages/agreement/index?doc=terms' },
      { url: '/pages/agreement/index?doc=privacy' },
    ])
    expect(page.get('#agreement-check').attributes('aria-checked')).toBe('false')
  })

  it('without the box checked: "请先阅读并同意"; declining there logs nobody in', async () => {
    const page = await open()
    currentUni().showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: '' })
    await button(page).trigger('click')
    await settle()
    expect(currentUni().showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '请先阅读并同意' }),
    )
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(0)
    expect(page.get('#agreement-check').attributes('aria-checked')).toBe('false')
  })

  it('agreeing in the prompt checks the box and logs in', async () => {
    const page = await open({ redirect: PROFILE })
    await button(page).trigger('click')
    await settle()
    expect(page.get('#agreement-check').attributes('aria-checked')).toBe('true')
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(1)
  })

  it('a loading state, a toast, then back to the page that asked for login', async () => {
    const page = await open({ redirect: PROFILE })
    await agree(page)
    await button(page).trigger('click')
    expect(button(page).text()).toBe('登录中…')
    expect(button(page).attributes('disabled')).toBeDefined()
    await settle()
    expect(currentUni().showModal).not.toHaveBeenCalled()
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '登录成功', icon: 'success' })
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })

  it('no toast over the admin sign-in confirmation it continues to', async () => {
    const target = '/pages/admin-login/index?scene=ticket123'
    const page = await open({ redirect: encodeURIComponent(target) })
    await agree(page)
    await button(page).trigger('click')
    await settle()
    expect(currentUni().showToast).not.toHaveBeenCalled()
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: target })
  })

  it('opened from a tab page, it goes back there', async () => {
    const page = await open()
    await agree(page)
    await button(page).trigger('click')
    await settle()
    expect(currentUni().navigateBack).toHaveBeenCalledWith({ delta: 1 })
  })

  it('a new user is invited to complete the profile first', async () => {
    currentUni().api.options.newUser = true
    const page = await open({ redirect: PROFILE })
    await agree(page)
    await button(page).trigger('click')
    await settle()
    expect(currentUni().redirectTo).toHaveBeenCalledWith({
      url: `/pages/profile/edit?welcome=1&redirect=${encodeURIComponent(PROFILE)}`,
    })
  })

  it('a double tap logs in once', async () => {
    const page = await open()
    await agree(page)
    await button(page).trigger('click')
    await button(page).trigger('click')
    await settle()
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(1)
  })

  it.each([
    ['network down', () => currentUni().api.setOffline(true), '网络连接失败，请检查网络后重试'],
    [
      'login code invalid',
      () => currentUni().api.failNext('/api/auth/wx-login', 401, 'WX_CODE_INVALID'),
      '微信登录凭证无效或已过期，请重试',
    ],
    [
      'login code used',
      () => currentUni().api.failNext('/api/auth/wx-login', 409, 'WX_CODE_USED'),
      '微信登录凭证已被使用，请重试',
    ],
    [
      'WeChat unavailable',
      () => currentUni().api.failNext('/api/auth/wx-login', 503, 'WX_UNAVAILABLE'),
      '微信服务暂时不可用，请稍后重试',
    ],
    [
      'WeChat upstream error',
      () => currentUni().api.failNext('/api/auth/wx-login', 502, 'WX_UPSTREAM_ERROR'),
      '微信服务返回异常，请稍后重试',
    ],
    [
      'server error',
      () => currentUni().api.failNext('/api/auth/wx-login', 500, 'INTERNAL'),
      '服务器开小差了，请稍后重试',
    ],
  ])('%s: a clear message, the same button, and a retry that works', async (_n, breakIt, msg) => {
    const page = await open({ redirect: PROFILE })
    await agree(page)
    breakIt()
    await button(page).trigger('click')
    await settle()
    expect(page.get('#login-error').text()).toBe(msg)
    expect(page.get('#login-error').attributes('role')).toBe('alert')
    expect(button(page).text()).toBe('微信一键登录')
    expect(button(page).attributes('disabled')).toBeUndefined()
    expect(currentUni().redirectTo).not.toHaveBeenCalled()

    currentUni().api.setOffline(false)
    await button(page).trigger('click')
    await settle()
    expect(page.find('#login-error').exists()).toBe(false)
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })

  it('WeChat rate limit (45011): the button counts Retry-After down, then works again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const page = await open()
    await agree(page)
    currentUni().api.failNext('/api/auth/wx-login', 429, 'WX_RATE_LIMITED', { 'Retry-After': '3' })
    await button(page).trigger('click')
    await settle()
    expect(page.get('#login-error').text()).toBe('微信登录太频繁，请稍后再试')
    expect(button(page).text()).toBe('请 3 秒后再试')
    expect(button(page).attributes('disabled')).toBeDefined()
    vi.advanceTimersByTime(1000)
    await settle(1)
    expect(button(page).text()).toBe('请 2 秒后再试')
    vi.advanceTimersByTime(2000)
    await settle(1)
    expect(button(page).text()).toBe('微信一键登录')
    expect(button(page).attributes('disabled')).toBeUndefined()
  })

  it('WeChat flags the user (40226): no retry that cannot help, only 暂不登录', async () => {
    const page = await open()
    await agree(page)
    currentUni().api.failNext('/api/auth/wx-login', 403, 'WX_USER_BLOCKED')
    await button(page).trigger('click')
    await settle()
    expect(page.get('#login-error').text()).toBe('该微信账号存在安全风险，暂时无法登录')
    expect(button(page).text()).toBe('暂时无法登录')
    expect(button(page).attributes('disabled')).toBeDefined()
    await button(page).trigger('click')
    await settle()
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(1)
    await page.get('#login-skip').trigger('click')
    expect(currentUni().navigateBack).toHaveBeenCalled()
  })

  it('a disabled account: 联系客服 and 切换账号, never a retry', async () => {
    const page = await open()
    await agree(page)
    currentUni().api.failNext('/api/auth/wx-login', 403, 'USER_DISABLED')
    await button(page).trigger('click')
    await settle()
    expect(page.get('#session-ended-title').text()).toBe('账号已被停用')
    expect(page.get('#contact-support').text()).toBe('联系客服')
    expect(page.find('#login-btn').exists()).toBe(false)
    await page.get('#switch-account').trigger('click')
    await settle()
    expect(page.find('#session-ended').exists()).toBe(false)
    expect(button(page).text()).toBe('微信一键登录')
  })

  it('says why the last session ended', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    useAuthStore().ended = 'revoked'
    const page = mount(LoginPage, { global: { plugins: [pinia] } })
    expect(page.get('#session-ended-title').text()).toBe('你已在其他设备上退出登录')
    expect(button(page).text()).toBe('微信一键登录')
  })

  it('is not usable while signed in: it sends the user on at once', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    await useAuthStore().login()
    mount(LoginPage, { global: { plugins: [pinia] } })
    await triggerHook('onLoad', { redirect: PROFILE })
    await triggerHook('onShow')
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(1)
  })

  it('暂不登录 goes back without logging in', async () => {
    const page = await open()
    await page.get('#login-skip').trigger('click')
    expect(currentUni().navigateBack).toHaveBeenCalledWith({ delta: 1 })
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(0)
  })
})
