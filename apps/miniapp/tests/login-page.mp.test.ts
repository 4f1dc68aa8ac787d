import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import LoginPage from '@/pages/login/index.vue'
import { currentUni } from './mocks/uni'
import { settle } from './mocks/settle'

describe('login page (mp-weixin)', () => {
  it('uses wx.login through uni.login, and explains when it fails', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const page = mount(LoginPage, { global: { plugins: [pinia] } })
    await page.get('#agreement-check').trigger('click')
    currentUni().login.mockImplementationOnce((o: { fail?: (e: { errMsg: string }) => void }) =>
      o.fail?.({ errMsg: 'login:fail' }),
    )
    await page.get('#login-btn').trigger('click')
    await settle()
    expect(page.get('#login-error').text()).toBe('无法获取微信登录凭证，请重试')
    expect(currentUni().api.calls('/api/auth/wx-login')).toBe(0)

    await page.get('#login-btn').trigger('click')
    await settle()
    expect(currentUni().login).toHaveBeenLastCalledWith(
      expect.objectContaining({ provider: 'weixin' }),
    )
    // The checked box travels with the login: the server records the consent in the same write.
    expect(currentUni().api.seen.find((r) => r.path === '/api/auth/wx-login')?.data).toEqual({
      code: 'code-1',
      appId: 'wx0000000000000000',
      agreement: { version: '1' },
    })
  })

  it("联系客服 is WeChat's customer-service button", async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const page = mount(LoginPage, { global: { plugins: [pinia] } })
    await page.get('#agreement-check').trigger('click')
    currentUni().api.failNext('/api/auth/wx-login', 403, 'USER_DISABLED')
    await page.get('#login-btn').trigger('click')
    await settle()
    expect(page.get('#contact-support').attributes('open-type')).toBe('contact')
  })
})
