import { describe, expect, it } from 'vitest'
import HomePage from '@/pages/home/index.vue'
import MinePage from '@/pages/mine/index.vue'
import { currentUni } from './mocks/uni'
import { openPage } from './mocks/open-profile'
import { settle } from './mocks/settle'

describe('首页 (works without login)', () => {
  it('a visitor sees public content and a login button; nothing is requested', async () => {
    const { page } = await openPage(HomePage, { signedIn: false })
    expect(page.get('#home-greeting').text()).toBe('欢迎来到 wxlogin')
    expect(page.text()).toContain('公开内容')
    expect(currentUni().api.seen).toHaveLength(0)
    await page.get('#home-login').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('something that needs an account asks for login on the way (the guard does it)', async () => {
    const { page } = await openPage(HomePage, { signedIn: false })
    await page.get('#home-profile').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })

  it('a user without a nickname or photo is invited to complete the profile', async () => {
    currentUni().api.user.nickname = null
    const { page } = await openPage(HomePage)
    await settle()
    expect(page.get('#home-greeting').text()).toBe('你好，新朋友')
    await page.get('#complete-btn').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/profile/edit?welcome=1' })
  })

  it('a deleted or ended session is explained, and can be dismissed', async () => {
    const { page, auth } = await openPage(HomePage, { signedIn: false })
    auth.endSession('deleted')
    await settle(1)
    expect(page.get('#session-ended-title').text()).toBe('账号已注销')
    await page.get('#ended-dismiss').trigger('click')
    expect(page.find('#session-ended').exists()).toBe(false)
  })
})

describe('我的', () => {
  it('a visitor sees 点击登录 and the public documents', async () => {
    const { page } = await openPage(MinePage, { signedIn: false })
    expect(page.get('#mine-name').text()).toBe('点击登录')
    expect(page.find('#logout-btn').exists()).toBe(false)
    await page.get('#mine-header').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    await page.get('#mine-privacy').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenLastCalledWith({
      url: '/pages/agreement/index?doc=privacy',
    })
  })

  it('logout asks first; cancelling keeps the session', async () => {
    const { page, auth } = await openPage(MinePage)
    await settle()
    expect(page.get('#mine-name').text()).toBe('小明')
    currentUni().showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: '' })
    await page.get('#logout-btn').trigger('click')
    await settle()
    expect(currentUni().showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '退出登录', confirmText: '退出' }),
    )
    expect(auth.isLoggedIn).toBe(true)
    expect(currentUni().api.calls('/api/auth/logout')).toBe(0)
  })

  it('confirmed logout: the server is told, a toast, and the page shows a visitor', async () => {
    const { page, auth } = await openPage(MinePage)
    await settle()
    await page.get('#logout-btn').trigger('click')
    await settle()
    expect(auth.isLoggedIn).toBe(false)
    expect(currentUni().storage.has('wxlogin:tokens')).toBe(false)
    expect(currentUni().api.calls('/api/auth/logout')).toBe(1)
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '已退出登录', icon: 'success' })
    expect(page.get('#mine-name').text()).toBe('点击登录')
    expect(auth.ended).toBeNull()
  })

  it('a disabled account shows 联系客服 and 切换账号 here too', async () => {
    const { page, auth } = await openPage(MinePage)
    currentUni().api.failNext('/api/me', 403, 'USER_DISABLED')
    await auth.fetchUser().catch(() => undefined)
    await settle(1)
    expect(page.get('#session-ended-title').text()).toBe('账号已被停用')
    await page.get('#switch-account').trigger('click')
    expect(auth.ended).toBeNull()
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })
})
