/**
 * What WeChat's open abilities report when its privacy rules stop them (docs/wechat.md, "Privacy
 * protection"; https://developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html):
 * errno 104 — the user has not agreed to the privacy guide; errno 112 — the app never declared
 * this kind of data in its privacy guide (a setup mistake in the MP console, not the user's).
 */
export interface OpenAbilityDetail {
  errno?: number
  errMsg?: string
}

export type PrivacyFeature = '头像' | '昵称' | '手机号'

export const PRIVACY_NOT_AUTHORIZED = 104
export const PRIVACY_NOT_DECLARED = 112

/** The sentence for a privacy refusal, or null when the failure has another cause. */
export function privacyRefusal(detail: OpenAbilityDetail, feature: PrivacyFeature): string | null {
  const msg = detail.errMsg ?? ''
  if (detail.errno === PRIVACY_NOT_AUTHORIZED || /privacy permission is not authorized/i.test(msg))
    return `你还没有同意隐私保护指引，暂时无法使用微信${feature}。同意后可再试一次`
  if (detail.errno === PRIVACY_NOT_DECLARED || /scope is not declared/i.test(msg))
    return `小程序尚未在隐私保护指引中声明${feature}的使用，请联系客服`
  return null
}
