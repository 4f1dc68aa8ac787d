// H5 development only (imported from H5 platform blocks): a browser has no WeChat privacy
// authorization, so with `window.__WXLOGIN_CONFIG__ = { privacy: 'ask' }` the pages ask through
// the same popup before the avatar and phone stand-ins, as WeChat would before chooseAvatar and
// getPhoneNumber. The answer "agree" is remembered per browser, like WeChat remembers it.
import { askForPrivacy } from './privacy'
import { STORAGE_PREFIX } from './token-storage'

const AGREED_KEY = `${STORAGE_PREFIX}dev-privacy-agreed`

/** Resolves true when the user may go on: agreed now or before, or no simulation configured. */
export function devPrivacyCheck(): Promise<boolean> {
  if (globalThis.__WXLOGIN_CONFIG__?.privacy !== 'ask') return Promise.resolve(true)
  if (uni.getStorageSync(AGREED_KEY) === true) return Promise.resolve(true)
  return new Promise((resolve) =>
    askForPrivacy(({ event }) => {
      if (event === 'exposureAuthorization') return
      if (event === 'agree') uni.setStorageSync(AGREED_KEY, true)
      resolve(event === 'agree')
    }),
  )
}
