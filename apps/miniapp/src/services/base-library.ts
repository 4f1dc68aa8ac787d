import { MIN_BASE_LIBRARY } from '@/config/app-info'

/** Compares dotted versions ("2.32.3" vs "2.9.10"): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] || 0) - (pb[i] || 0)
    if (diff !== 0) return diff
  }
  return 0
}

/**
 * WeChat's own advice for a base library older than the app needs: tell the user to update
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/compatibility.html). Without it,
 * chooseAvatar and the privacy popup would silently not exist.
 */
export function warnIfBaseLibraryTooOld(): void {
  // #ifdef MP-WEIXIN
  const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : null
  const version = info?.SDKVersion ?? ''
  if (version && compareVersions(version, MIN_BASE_LIBRARY) < 0) {
    void wx.showModal({
      title: '微信版本过低',
      content: '当前微信版本过低，头像、昵称和手机号等功能无法使用。请升级到最新版微信后再试。',
      showCancel: false,
    })
  }
  // #endif
}
