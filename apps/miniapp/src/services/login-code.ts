import { LoginCodeError } from './login-code-error'
// #ifdef H5
import { devLoginCode } from './dev-sim'
// #endif

/**
 * A fresh WeChat login code. It is single-use and calling wx.login again may rotate the
 * session_key, so only the store's single-flight login calls this (docs/wechat.md, "Signing in: code2Session").
 */
export function getLoginCode(): Promise<string> {
  // #ifdef H5
  // uni.login has no WeChat provider in a browser: use a simulator code instead.
  return devLoginCode()
  // #endif
  // #ifndef H5
  return new Promise((resolve, reject) => {
    uni.login({
      provider: 'weixin',
      success: (res) =>
        res.code
          ? resolve(res.code)
          : reject(new LoginCodeError(res.errMsg || 'login:fail no code')),
      fail: (err: { errMsg?: string }) => reject(new LoginCodeError(err.errMsg || 'login:fail')),
    })
  })
  // #endif
}
