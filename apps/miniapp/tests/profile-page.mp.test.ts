import { describe, expect, it } from 'vitest'
import { currentUni } from './mocks/uni'
import { openProfile } from './mocks/open-profile'
import { settle } from './mocks/settle'

describe('profile page (mp-weixin)', () => {
  it('uploads the chosen avatar temp file and shows the server URL', async () => {
    const { page } = await openProfile()
    await settle()
    await page
      .get('#avatar-btn')
      .trigger('chooseavatar', { detail: { avatarUrl: 'http://tmp/abc.jpeg' } })
    await settle()
    expect(page.get('#profile-notice').text()).toBe('头像已更新')
    expect(currentUni().uploadFile.mock.calls[0]?.[0]).toMatchObject({
      filePath: 'http://tmp/abc.jpeg',
      name: 'file',
    })
    expect(page.get('#avatar-img').attributes('src')).toBe('http://api.test/avatars/u1.png')
  })

  it('explains an avatar the server refuses', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().api.failNext('/api/me/avatar', 413, 'PAYLOAD_TOO_LARGE')
    await page
      .get('#avatar-btn')
      .trigger('chooseavatar', { detail: { avatarUrl: 'http://tmp/big.png' } })
    await settle()
    expect(page.get('#profile-notice').text()).toBe('图片太大，请选择 2 MB 以内的图片')
  })

  it('binds the phone with the getPhoneNumber code and shows it masked', async () => {
    const { page } = await openProfile()
    await settle()
    await page
      .get('#phone-btn')
      .trigger('getphonenumber', { detail: { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' } })
    await settle()
    expect(page.get('#profile-notice').text()).toBe('手机号已绑定')
    expect(page.get('#profile-phone').text()).toBe('138****0000')
    expect(page.get('#phone-btn').text()).toBe('更换手机号')
    expect(currentUni().api.seen.find((r) => r.path === '/api/me/phone')?.data).toEqual({
      code: 'phone-code-1',
    })
  })

  it.each([
    [
      { errMsg: 'getPhoneNumber:fail no permission', errno: 1400001 },
      '手机号验证次数已达上限，请稍后再试',
    ],
    [{ errMsg: 'getPhoneNumber:fail user deny' }, '已取消手机号授权'],
    [{ errMsg: 'getPhoneNumber:fail' }, '获取手机号失败，请重试'],
  ])('no phone code (%o): says why, calls nobody', async (detail, message) => {
    const { page } = await openProfile()
    await settle()
    await page.get('#phone-btn').trigger('getphonenumber', { detail })
    await settle()
    expect(page.get('#profile-notice').text()).toBe(message)
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
    expect(page.get('#profile-notice').text()).toBe(message)
  })
})
