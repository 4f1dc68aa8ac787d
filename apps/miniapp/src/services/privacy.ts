import { computed, ref, shallowRef } from 'vue'

/**
 * WeChat's privacy authorization, answered by our own popup (components/PrivacyPopup.vue).
 * WeChat calls the onNeedPrivacyAuthorization listener when the user reaches a privacy-covered
 * ability (chooseAvatar, the nickname keyboard, getPhoneNumber) before agreeing; the app shows
 * its popup and answers through `resolve` (docs/wechat.md, "Privacy protection"; base library 2.32.3:
 * https://developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html).
 */
type PrivacyEvent = 'exposureAuthorization' | 'agree' | 'disagree'
export type PrivacyResolve = (result: { event: PrivacyEvent; buttonId?: string }) => void

/** The id of the popup's agree button (PrivacyPopup.vue): WeChat wants it with `agree`. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

const waiting = shallowRef<PrivacyResolve | null>(null)
let exposed = false

export const privacyPopupVisible = computed(() => waiting.value !== null)
/** The user declined in this launch: the nickname field then explains its plain keyboard. */
export const privacyDeclined = ref(false)

/** Shows the popup until the user answers `resolve`. Also used by the H5 stand-in. */
export function askForPrivacy(resolve: PrivacyResolve): void {
  waiting.value = resolve
  exposed = false
}

export function installPrivacyHandler(): void {
  // #ifdef MP-WEIXIN
  // Older base libraries lack it and show WeChat's own popup (app.json __usePrivacyCheck__).
  // (miniprogram-api-typings types `resolve` as a result object; it is the answer function.)
  if (typeof wx.onNeedPrivacyAuthorization === 'function')
    wx.onNeedPrivacyAuthorization((resolve: unknown) => askForPrivacy(resolve as PrivacyResolve))
  // #endif
}

/** WeChat asks to be told once the popup is on screen. */
export function privacyPopupShown(): void {
  if (exposed || !waiting.value) return
  exposed = true
  waiting.value({ event: 'exposureAuthorization' })
}

function answer(result: { event: PrivacyEvent; buttonId?: string }): void {
  const resolve = waiting.value
  waiting.value = null
  resolve?.(result)
}

export function agreePrivacy(): void {
  privacyDeclined.value = false
  answer({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
}

export function declinePrivacy(): void {
  privacyDeclined.value = true
  answer({ event: 'disagree' })
}

/** The app's privacy guide as declared in the MP console (WeChat shows it itself). */
export function openPrivacyContract(fallback: () => void): void {
  // #ifdef MP-WEIXIN
  if (typeof wx.openPrivacyContract === 'function') {
    wx.openPrivacyContract({ fail: fallback })
    return
  }
  // #endif
  fallback()
}

/** The guide's name as WeChat knows it, e.g. 《wxlogin小程序隐私保护指引》. */
export function privacyContractName(): Promise<string> {
  const fallback = '《隐私保护指引》'
  // #ifdef MP-WEIXIN
  if (typeof wx.getPrivacySetting === 'function') {
    return new Promise((resolve) =>
      wx.getPrivacySetting({
        success: (res) => resolve(res.privacyContractName || fallback),
        fail: () => resolve(fallback),
      }),
    )
  }
  // #endif
  return Promise.resolve(fallback)
}
