import { describe, expect, it, vi } from 'vitest'
import { currentUni } from './mocks/uni'
import { openProfile } from './mocks/open-profile'
import { settle } from './mocks/settle'

const choose = (detail: object) => ({ detail })

describe('profile page (mp-weixin)', () => {
  it('uploads the chosen avatar temp file, shows the server URL and a toast', async () => {
    const { page } = await openProfile()
    await settle()
    await page
      .get('#avatar-btn')
      .trigger('chooseavatar', choose({ avatarUrl: 'http://tmp/a.jpeg' }))
    await settle()
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '头像已更新', icon: 'success' })
    expect(currentUni().uploadFile.mock.calls[0]?.[0]).toMatchObject({
      filePath: 'http://tmp/a.jpeg',
      name: 'file',
    })
    expect(page.get('#avatar-img').attributes('src')).toBe('http://api.test/avatars/u1.png')
    expect(page.find('#avatar-error').exists()).toBe(false)
    // Shown at once, marked while WeChat's image check runs.
    expect(page.get('#avatar-review').text()).toBe('审核中')
    expect(page.get('#avatar-review-hint').text()).toContain('审核中')
  })

  it('an avatar removed by the content check says so, and asks for another', async () => {
    currentUni().api.user.avatarReview = 'rejected'
    const { page } = await openProfile()
    await settle()
    expect(page.get('#avatar-rejected-hint').text()).toBe(
      '上一张头像未通过内容审核，已被移除，请换一张',
    )
    expect(page.get('#avatar-img').attributes('src')).toBe('/static/default-avatar.png')
  })

  it('a spinner on the avatar while it uploads, and no second upload meanwhile', async () => {
    const { page } = await openProfile()
    await settle()
    await page.get('#avatar-btn').trigger('chooseavatar', choose({ avatarUrl: 'http://tmp/a.png' }))
    expect(page.get('#avatar-btn').attributes('disabled')).toBeDefined()
    expect(page.find('.spinner').exists()).toBe(true)
    await settle()
    expect(page.find('.spinner').exists()).toBe(false)
  })

  it.each([
    [
      { errno: 104, errMsg: 'chooseAvatar:fail privacy permission is not authorized' },
      '还没有同意隐私保护指引',
    ],
    [
      {
        errno: 112,
        errMsg: 'chooseAvatar:fail api scope is not declared in the privacy agreement',
      },
      '尚未在隐私保护指引中声明头像',
    ],
  ])('a privacy refusal of chooseAvatar (%o) says so next to the avatar', async (detail, text) => {
    const { page } = await openProfile()
    await settle()
    await page.get('#avatar-btn').trigger('chooseavatar', choose(detail))
    await settle()
    expect(page.get('#avatar-error').text()).toContain(text)
    expect(currentUni().uploadFile).not.toHaveBeenCalled()
  })

  it('explains an avatar the server refuses, next to the avatar', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/avatar', 413, 'PAYLOAD_TOO_LARGE')
    await page.get('#avatar-btn').trigger('chooseavatar', choose({ avatarUrl: 'http://tmp/b.png' }))
    await settle()
    expect(page.get('#avatar-error').text()).toBe('图片太大，请选择 2 MB 以内的图片')
  })

  it('a rate-limited phone binding counts Retry-After down next to the phone row', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/phone', 429, 'RATE_LIMITED', { 'Retry-After': '150' })
    await page.get('#phone-btn').trigger('getphonenumber', { detail: { code: 'c1' } })
    await settle()
    expect(page.get('#phone-error').text()).toBe('操作太频繁，请 3 分钟后再试')
    vi.advanceTimersByTime(40_000)
    await settle(1)
    expect(page.get('#phone-error').text()).toBe('操作太频繁，请 110 秒后再试')
    // While it counts, another code is not sent (it would only be refused and billed).
    await page.get('#phone-btn').trigger('getphonenumber', { detail: { code: 'c2' } })
    await settle()
    expect(currentUni().api.calls('/api/me/phone')).toBe(1)
    vi.advanceTimersByTime(110_000)
    await settle(1)
    expect(page.find('#phone-error').exists()).toBe(false)
  })

  it('a rate-limited avatar upload says so (wx.uploadFile shows no Retry-After header)', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/avatar', 429, 'RATE_LIMITED', { 'Retry-After': '90' })
    await page.get('#avatar-btn').trigger('chooseavatar', choose({ avatarUrl: 'http://tmp/c.png' }))
    await settle()
    expect(page.get('#avatar-error').text()).toBe('操作太频繁，请稍后再试')
  })

  it('binds the phone with the getPhoneNumber code and shows it masked', async () => {
    const { page } = await openProfile()
    await settle()
    await page
      .get('#phone-btn')
      .trigger('getphonenumber', { detail: { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' } })
    await settle()
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '手机号已绑定', icon: 'success' })
    expect(page.get('#profile-phone').text()).toBe('138****0000')
    expect(page.get('#phone-btn').attributes('aria-label')).toBe('更换手机号')
    expect(currentUni().api.seen.find((r) => r.path === '/api/me/phone')?.data).toEqual({
      code: 'phone-code-1',
    })
  })

  it.each([
    [
      { errMsg: 'getPhoneNumber:fail no permission', errno: 1400001 },
      '手机号验证次数已达上限，请稍后再试',
    ],
    [{ errMsg: 'getPhoneNumber:fail user deny' }, '你取消了手机号授权，未做任何更改'],
    [
      { errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 },
      '你还没有同意隐私保护指引，暂时无法使用微信手机号。同意后可再试一次',
    ],
    [
      {
        errMsg: 'getPhoneNumber:fail api scope is not declared in the privacy agreement',
        errno: 112,
      },
      '小程序尚未在隐私保护指引中声明手机号的使用，请联系客服',
    ],
    [{ errMsg: 'getPhoneNumber:fail' }, '获取手机号失败，请稍后再试'],
  ])('no phone code (%o): says why, calls nobody', async (detail, message) => {
    const { page } = await openProfile()
    await settle()
    await page.get('#phone-btn').trigger('getphonenumber', { detail })
    await settle()
    expect(page.get('#phone-error').text()).toBe(message)
    expect(currentUni().api.calls('/api/me/phone')).toBe(0)
  })

  it.each([
    ['PHONE_CODE_INVALID', 400, '手机号授权已失效，请重新授权'],
    ['CONFLICT', 409, '该手机号已绑定其他账号'],
  ])('a refused phone code (%s) is explained', async (code, status, message) => {
    const { page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/phone', status, code)
    await page.get('#phone-btn').trigger('getphonenumber', { detail: { code: 'c' } })
    await settle()
    expect(page.get('#phone-error').text()).toBe(message)
  })
})
