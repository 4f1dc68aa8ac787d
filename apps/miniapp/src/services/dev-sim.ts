// H5 development only: this file is imported from platform blocks that exist only in the H5 build,
// so none of it can reach the mp-weixin bundle (tests-mp checks the built files).
import { apiConfig } from './api-config'
import { LoginCodeError } from './login-code-error'
import { STORAGE_PREFIX } from './token-storage'

const DEV_USER_KEY = `${STORAGE_PREFIX}dev-user`

/** One simulated WeChat user per browser, unless the runtime config names one. */
function devUserName(): string {
  const configured = apiConfig().devUser
  if (configured) return configured
  const saved: unknown = uni.getStorageSync(DEV_USER_KEY)
  if (typeof saved === 'string' && saved) return saved
  const name = `h5-${Math.random().toString(36).slice(2, 10)}`
  uni.setStorageSync(DEV_USER_KEY, name)
  return name
}

function simPost<T>(path: string, body: unknown): Promise<T> {
  const { simBase } = apiConfig()
  return new Promise((resolve, reject) => {
    uni.request({
      url: `${simBase ?? ''}${path}`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: body as UniApp.RequestOptions['data'],
      success: (res) =>
        res.statusCode === 200
          ? resolve(res.data as T)
          : reject(new Error(`simulator answered HTTP ${res.statusCode}`)),
      fail: (err) => reject(new Error(err.errMsg)),
    })
  })
}

/**
 * A login code from the WeChat simulator: minted from its control API when one is configured
 * (single-use, like wx.login's), otherwise a reusable `dev:<name>` code (apps/wechat-sim/README.md).
 */
export async function devLoginCode(): Promise<string> {
  const name = devUserName()
  if (apiConfig().simBase === null) return `dev:${name}`
  try {
    const { code } = await simPost<{ code: string }>('/__sim/login-code', { openid: `dev-${name}` })
    return code
  } catch (err) {
    throw new LoginCodeError(`simulator login-code: ${(err as Error).message}`)
  }
}

/** What the getPhoneNumber button would give for `phoneNumber`, minted by the simulator. */
export async function devPhoneCode(phoneNumber: string): Promise<string> {
  const { code } = await simPost<{ code: string }>('/__sim/phone-code', { phoneNumber })
  return code
}

/**
 * The browser stand-in for `<button open-type="getPhoneNumber">`: asks for a number, then mints
 * the phone code the simulator will accept for it. Null when the user cancels.
 */
export async function promptDevPhoneCode(): Promise<string | null> {
  const answer = await new Promise<UniApp.ShowModalRes>((resolve, reject) =>
    uni.showModal({
      title: '绑定手机号（模拟器）',
      editable: true,
      placeholderText: '输入 11 位手机号',
      confirmText: '绑定',
      success: resolve,
      fail: reject,
    }),
  )
  const phone = (answer.content ?? '').trim()
  if (!answer.confirm || !phone) return null
  return devPhoneCode(phone)
}
