import { describe, expect, it } from 'vitest'
import { currentUni } from './mocks/uni'
import { openProfile } from './mocks/open-profile'
import { settle } from './mocks/settle'

const PLATFORM = process.env.UNI_TEST_PLATFORM ?? 'mp-weixin'

describe('profile page', () => {
  it('sends a signed-out user to login, to come back here afterwards', async () => {
    const { page } = await openProfile({ signedIn: false })
    expect(currentUni().redirectTo).toHaveBeenCalledWith({
      url: `/pages/login/index?redirect=${encodeURIComponent('/pages/profile/index')}`,
    })
    expect(currentUni().api.calls('/api/me')).toBe(0)
    expect(page.find('#profile-nickname').exists()).toBe(false)
  })

  it('after a relaunch the cached user is on screen at once, then brought up to date', async () => {
    const { page } = await openProfile({ relaunched: true })
    // Rendered from the cache, before the network answered.
    expect(page.get('#profile-nickname').text()).toBe('小明')
    expect(page.find('#profile-load-error').exists()).toBe(false)
    currentUni().api.user.nickname = '小明（新）'
    await settle()
    expect(page.get('#profile-nickname').text()).toBe('小明（新）')
  })

  it('rows for 头像, 昵称 and 手机号, with placeholders that say what is missing', async () => {
    currentUni().api.user.nickname = null
    const { page } = await openProfile()
    await settle()
    expect(page.get('#profile-nickname').text()).toBe('未设置')
    expect(page.get('#profile-phone').text()).toBe('未绑定')
    expect(page.get('#avatar-btn').attributes('aria-label')).toBe('更换头像')
    // No photo yet: a neutral silhouette, not something that looks like a logo.
    expect(page.get('#avatar-img').attributes('src')).toBe('/static/default-avatar.png')
    await page.get('#nickname-row').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/profile/edit' })
    await page.get('#delete-row').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenLastCalledWith({ url: '/pages/account/delete' })
  })

  it('without a cached user, explains a failed load and retries it', async () => {
    const { page, auth } = await openProfile({
      relaunched: true,
      beforeShow: () => currentUni().api.failNext('/api/me', 500, 'INTERNAL'),
    })
    auth.user = null
    await settle()
    expect(page.get('#profile-load-error').text()).toContain('服务器开小差了，请稍后重试')
    await page.get('#profile-retry').trigger('click')
    await settle()
    expect(page.get('#profile-nickname').text()).toBe('小明')
  })

  it('a session that ended elsewhere goes to the login page, which says why', async () => {
    const { auth } = await openProfile()
    await settle()
    currentUni().api.revokeSession()
    await auth.fetchUser().catch(() => undefined)
    expect(auth.ended).toBe('revoked')
    const { page } = await openProfile({ signedIn: false })
    expect(page.find('#profile-nickname').exists()).toBe(false)
    expect(currentUni().redirectTo).toHaveBeenLastCalledWith({
      url: expect.stringMatching(/^\/pages\/login\/index\?redirect=/),
    })
  })

  it(`keeps only the ${PLATFORM} controls`, async () => {
    const { page } = await openProfile()
    await settle()
    const mp = PLATFORM === 'mp-weixin'
    expect(page.get('#avatar-btn').attributes('open-type')).toBe(mp ? 'chooseAvatar' : undefined)
    expect(page.get('#phone-btn').attributes('open-type')).toBe(mp ? 'getPhoneNumber' : undefined)
  })
})
