import { afterEach, describe, expect, it } from 'vitest'
import { agreePrivacy, declinePrivacy, privacyPopupVisible } from '@/services/privacy'
import { currentUni } from './mocks/uni'
import { openProfile } from './mocks/open-profile'
import { settle } from './mocks/settle'

const answerModal = (res: UniApp.ShowModalRes) =>
  currentUni().showModal.mockImplementationOnce((o) => {
    o.success?.(res)
    return Promise.resolve(res)
  })
const confirmWith = (content: string) =>
  answerModal({ confirm: true, cancel: false, content, errMsg: 'showModal:ok' })

afterEach(() => {
  globalThis.__WXLOGIN_CONFIG__ = undefined
})

describe('profile page (h5)', () => {
  it('picks an image file and uploads it as the avatar', async () => {
    const { page } = await openProfile()
    await settle()
    currentUni().chooseImage.mockImplementationOnce((o: { success: (r: unknown) => void }) =>
      o.success({ tempFilePaths: ['blob:http://127.0.0.1/abc'], tempFiles: [] }),
    )
    await page.get('#avatar-btn').trigger('click')
    await settle()
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '头像已更新', icon: 'success' })
    expect(currentUni().uploadFile.mock.calls[0]?.[0]).toMatchObject({
      filePath: 'blob:http://127.0.0.1/abc',
      name: 'file',
    })
    expect(page.get('#avatar-img').attributes('src')).toBe('http://api.test/avatars/u1.png')
  })

  it('binds a phone with a code minted by the simulator for the number typed in', async () => {
    const { page } = await openProfile()
    await settle()
    confirmWith('13800000000')
    await page.get('#phone-btn').trigger('click')
    await settle()
    const minted = currentUni().api.seen.find((r) => r.path === '/__sim/phone-code')
    expect(minted?.data).toEqual({ phoneNumber: '13800000000' })
    expect(page.get('#profile-phone').text()).toBe('138****0000')
  })

  it('a cancelled phone prompt binds nothing; an unreachable simulator is explained', async () => {
    const { page } = await openProfile()
    await settle()
    answerModal({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(currentUni().api.calls('/__sim/phone-code')).toBe(0)
    expect(page.find('#phone-error').exists()).toBe(false)

    confirmWith('13800000000')
    currentUni().api.setOffline(true)
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(page.get('#phone-error').text()).toBe('模拟器不可用，无法获取手机号验证码')
  })

  it('with the simulated privacy check, declining the popup stops the phone stand-in', async () => {
    globalThis.__WXLOGIN_CONFIG__ = { privacy: 'ask' }
    const { page } = await openProfile()
    await settle()
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(privacyPopupVisible.value).toBe(true)
    expect(page.get('#privacy-popup').text()).toContain('用户隐私保护提示')
    declinePrivacy()
    await settle()
    expect(page.find('#privacy-popup').exists()).toBe(false)
    expect(page.get('#phone-error').text()).toContain('还没有同意隐私保护指引')
    expect(currentUni().showModal).not.toHaveBeenCalled()

    await page.get('#phone-btn').trigger('click')
    await settle()
    confirmWith('13800000000')
    agreePrivacy()
    await settle()
    expect(page.get('#profile-phone').text()).toBe('138****0000')
    // Remembered: no popup the next time.
    await page.get('#phone-btn').trigger('click')
    await settle()
    expect(privacyPopupVisible.value).toBe(false)
  })
})
