import { describe, expect, it } from 'vitest'
import { currentUni } from './mocks/uni'
import { openProfile, typeNickname } from './mocks/open-profile'
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

  it('after a relaunch: a loading state, then nickname, placeholder avatar and phone status', async () => {
    const { page } = await openProfile({ relaunched: true })
    expect(page.get('#profile-loading').text()).toBe('正在加载…')
    await settle()
    expect(page.get('#profile-nickname').text()).toBe('小明')
    expect(page.get('#profile-phone').text()).toBe('未绑定手机号')
    expect(page.get('#avatar-btn').attributes('aria-label')).toBe('更换头像')
    expect(page.find('#avatar-img').exists()).toBe(false)
    expect((page.get('#nickname-input').element as HTMLInputElement).value).toBe('小明')
  })

  it('explains a failed load and retries it', async () => {
    const { page } = await openProfile({
      relaunched: true,
      beforeShow: () => currentUni().api.failNext('/api/me', 500, 'INTERNAL'),
    })
    await settle()
    expect(page.get('#profile-load-error').text()).toContain('服务器开小差了，请稍后重试')
    await page.get('#profile-retry').trigger('click')
    await settle()
    expect(page.get('#profile-nickname').text()).toBe('小明')
  })

  it('saves the nickname with PATCH /api/me', async () => {
    const { page } = await openProfile()
    await settle()
    await typeNickname(page, '  阿强 ')
    await page.get('#nickname-save').trigger('click')
    await settle()
    expect(page.get('#profile-notice').text()).toBe('昵称已保存')
    expect(page.get('#profile-nickname').text()).toBe('阿强')
    const saved = currentUni().api.seen.find((r) => r.path === '/api/me' && r.data)
    expect(saved?.data).toEqual({ nickname: '阿强' })
  })

  it('refuses an empty nickname and explains a rejected one', async () => {
    const { page } = await openProfile()
    await settle()
    await typeNickname(page, '   ')
    await page.get('#nickname-save').trigger('click')
    expect(page.get('#profile-notice').text()).toBe('请输入昵称')

    currentUni().api.failNext('/api/me', 400, 'VALIDATION_FAILED')
    await typeNickname(page, 'x'.repeat(20))
    await page.get('#nickname-save').trigger('click')
    await settle()
    expect(page.get('#profile-notice').text()).toBe('昵称需为 1–32 个字符，且不能包含特殊控制字符')
  })

  it('says so when the avatar and phone endpoints are not deployed yet', async () => {
    const { auth, page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/phone', 404, 'NOT_FOUND')
    await expect(auth.bindPhone('c')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(page.get('#profile-nickname').text()).toBe('小明')
  })

  it('logs out: tokens gone, off to the login page', async () => {
    const { page, auth } = await openProfile()
    await settle()
    await page.get('#logout-btn').trigger('click')
    await settle()
    expect(auth.isLoggedIn).toBe(false)
    expect(currentUni().storage.has('wxlogin:tokens')).toBe(false)
    expect(currentUni().api.calls('/api/auth/logout')).toBe(1)
    expect(currentUni().redirectTo).toHaveBeenLastCalledWith({
      url: expect.stringMatching(/^\/pages\/login\/index\?/),
    })
  })

  it('a session that cannot be saved by a silent re-login ends on the login page', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().api.revokeSession()
    currentUni().api.failNext('/api/auth/wx-login', 503, 'WX_UNAVAILABLE')
    await typeNickname(page, '新名字')
    await page.get('#nickname-save').trigger('click')
    await settle()
    expect(currentUni().redirectTo).toHaveBeenLastCalledWith({
      url: expect.stringMatching(/^\/pages\/login\/index\?/),
    })
  })

  it(`keeps only the ${PLATFORM} controls`, async () => {
    const { page } = await openProfile()
    await settle()
    const openType = PLATFORM === 'mp-weixin' ? 'chooseAvatar' : undefined
    expect(page.get('#avatar-btn').attributes('open-type')).toBe(openType)
    expect(page.get('#phone-btn').attributes('open-type')).toBe(
      PLATFORM === 'mp-weixin' ? 'getPhoneNumber' : undefined,
    )
    expect(page.get('#nickname-input').attributes('type')).toBe('nickname')
  })
})
