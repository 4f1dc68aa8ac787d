import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import PrivacyPopup from '@/components/PrivacyPopup.vue'
import { declinePrivacy, installPrivacyHandler, type PrivacyResolve } from '@/services/privacy'
import { currentWx } from './mocks/uni'
import { settle } from './mocks/settle'

/** Plays WeChat: registers the app's listener, then asks as a privacy-covered ability would. */
function wechatAsks(): ReturnType<typeof vi.fn<PrivacyResolve>> {
  installPrivacyHandler()
  const listener = currentWx().onNeedPrivacyAuthorization.mock.calls[0]?.[0] as (
    resolve: PrivacyResolve,
  ) => void
  const resolve = vi.fn<PrivacyResolve>()
  listener(resolve)
  return resolve
}

afterEach(() => {
  declinePrivacy() // leave no question open for the next test
})

describe('privacy popup (mp-weixin)', () => {
  it('appears when WeChat asks, tells WeChat it is shown, and agrees with the real button', async () => {
    const popup = mount(PrivacyPopup)
    expect(popup.find('#privacy-popup').exists()).toBe(false)
    const resolve = wechatAsks()
    await settle(1)
    expect(popup.get('#privacy-popup').text()).toContain('用户隐私保护提示')
    expect(popup.get('#privacy-contract').text()).toBe('《wxlogin小程序隐私保护指引》')
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })

    const agree = popup.get('#privacy-agree')
    expect(agree.attributes('open-type')).toBe('agreePrivacyAuthorization')
    // A plain tap is not the agreement: WeChat answers through the button's own event.
    await agree.trigger('click')
    expect(resolve).toHaveBeenCalledTimes(1)
    await agree.trigger('agreeprivacyauthorization')
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
    expect(popup.find('#privacy-popup').exists()).toBe(false)
  })

  it('拒绝 answers disagree, and the guide opens through wx.openPrivacyContract', async () => {
    const popup = mount(PrivacyPopup)
    const resolve = wechatAsks()
    await settle(1)
    await popup.get('#privacy-contract').trigger('click')
    expect(currentWx().openPrivacyContract).toHaveBeenCalled()
    await popup.get('#privacy-disagree').trigger('click')
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(popup.find('#privacy-popup').exists()).toBe(false)
  })
})
