import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import LoginPage from '@/pages/login/index.vue'
import { triggerHook } from './mocks/uni-app'
import { currentUni } from './mocks/uni'
import { settle } from './mocks/settle'

async function open(query: Record<string, string> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const page = mount(LoginPage, { global: { plugins: [pinia] } })
  await triggerHook('onLoad', query)
  return page
}

const button = (page: Awaited<ReturnType<typeof open>>) => page.get('#login-btn')

beforeEach(() => {
  currentUni().api.user.nickname = '小明'
})

describe('login page', () => {
  it('shows the one-tap button, a loading state, then greets the user and goes back', async () => {
    const page = await open({ redirect: encodeURIComponent('/pages/profile/index') })
    expect(button(page).text()).toBe('微信一键登录')
    expect(button(page).attributes('aria-label')).toBe('微信一键登录')
    expect(page.find('#login-error').exists()).toBe(false)

    await button(page).trigger('click')
    expect(button(page).text()).toBe('登录中…')
    expect(button(page).attributes('disabled')).toBeDefined()

    await settle()
    expect(page.get('#login-welcome').text()).toBe('欢迎，小明')
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })

  it('a double tap logs in once', async () => {
    const page = await open()
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
      'WeChat rate limit',
      () =>
        currentUni().api.failNext('/api/auth/wx-login', 429, 'WX_RATE_LIMITED', {
          'Retry-After': '42',
        }),
      '微信登录太频繁，请 42 秒后再试',
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
      'account disabled',
      () => currentUni().api.failNext('/api/auth/wx-login', 403, 'USER_DISABLED'),
      '账号已被停用，如有疑问请联系客服',
    ],
    [
      'user blocked by WeChat',
      () => currentUni().api.failNext('/api/auth/wx-login', 403, 'WX_USER_BLOCKED'),
      '该微信账号存在安全风险，暂时无法登录',
    ],
    [
      'server error',
      () => currentUni().api.failNext('/api/auth/wx-login', 500, 'INTERNAL'),
      '服务器开小差了，请稍后重试',
    ],
  ])('%s: a clear message and a working retry', async (_name, breakIt, message) => {
    const page = await open()
    breakIt()
    await button(page).trigger('click')
    await settle()
    expect(page.get('#login-error').text()).toBe(message)
    expect(page.get('#login-error').attributes('role')).toBe('alert')
    expect(button(page).text()).toBe('重新登录')
    expect(currentUni().redirectTo).not.toHaveBeenCalled()

    currentUni().api.setOffline(false)
    await button(page).trigger('click')
    await settle()
    expect(page.find('#login-error').exists()).toBe(false)
    expect(page.get('#login-welcome').text()).toBe('欢迎，小明')
  })

  it('a user without a nickname is greeted as 微信用户, and an unsafe redirect goes home', async () => {
    currentUni().api.user.nickname = null
    const page = await open({ redirect: encodeURIComponent('https://evil.example/') })
    await button(page).trigger('click')
    await settle()
    expect(page.get('#login-welcome').text()).toBe('欢迎，微信用户')
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })
})
