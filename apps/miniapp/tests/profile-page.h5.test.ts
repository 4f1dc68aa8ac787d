import { describe, expect, it } from 'vitest'
import { currentUni } from './mocks/uni'
import { openProfile } from './mocks/open-profile'
import { settle } from './mocks/settle'

describe('profile page (h5)', () => {
  it('picks an image file and uploads it as the avatar', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().chooseImage.mockImplementationOnce((o: { success: (r: unknown) => void }) =>
      o.success({ tempFilePaths: ['blob:http://127.0.0.1/abc'], tempFiles: [] }),
    )
    await page.get('#avatar-btn').trigger('click')
    await settle()
    expect(page.get('#profile-notice').text()).toBe('头像已更新')
    expect(currentUni().uploadFile.mock.calls[0]?.[0]).toMatchObject({
      filePath: 'blob:http://127.0.0.1/abc',
      name: 'file',
    })
    expect(page.get('#avatar-img').attributes('src')).toBe('http://api.test/avatars/u1.png')
  })

  it('binds a phone with a code minted by the simulator for the number typed in', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().showModal.mockImplementationOnce((o: { success: (r: unknown) => void }) =>
      o.success({ confirm: true, cancel: false, content: '13800000000' }),
    )
    await page.get('#phone-btn').trigger('click')
    await settle()
    const minted = currentUni().api.seen.find((r) => r.path === '/__sim/phone-code')
    expect(minted?.data).toEqual({ phoneNumber: '13800000000' })
    expect(page.get('#profile-notice').text()).toBe('手机号已绑定')
    expect(page.get('#profile-phone').text()).toBe('138****0000')
  })

  it('a cancelled phone prompt binds nothing; an unreachable simulator is explained', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().showModal.mockImplementationOnce((o: { success: (r: unknown) => void }) =>
      o.success({ confirm: false, cancel: true }),
    )
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(currentUni().api.calls('/__sim/phone-code')).toBe(0)
    expect(page.find('#profile-notice').exists()).toBe(false)

    currentUni().showModal.mockImplementationOnce((o: { success: (r: unknown) => void }) =>
      o.success({ confirm: true, cancel: false, content: '13800000000' }),
    )
    currentUni().api.setOffline(true)
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(page.get('#profile-notice').text()).toBe('模拟器不可用，无法获取手机号验证码')
  })
})
