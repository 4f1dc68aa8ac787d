export const LOGIN_PAGE = '/pages/login/index'
export const HOME_PAGE = '/pages/profile/index'

/** Pages that need a signed-in user. */
const PROTECTED_PAGES = new Set([HOME_PAGE])

const pathOf = (url: string): string => `/${url.split('?')[0]?.replace(/^\/+/, '') ?? ''}`

export const loginUrl = (back: string): string =>
  `${LOGIN_PAGE}?redirect=${encodeURIComponent(back)}`

/** Only an in-app page may be a redirect target (never a URL someone put in a share link). */
export function safeRedirect(target: string | undefined): string {
  const decoded = target ? decodeURIComponent(target) : ''
  return /^\/pages\/[\w/-]+(\?[\w=&%.-]*)?$/.test(decoded) && pathOf(decoded) !== LOGIN_PAGE
    ? decoded
    : HOME_PAGE
}

/**
 * For a page that needs login, on every show: signed out means off to the login page, which
 * brings the user back here afterwards. Returns whether the page may stay.
 */
export function requireLogin(isLoggedIn: boolean, here: string): boolean {
  if (isLoggedIn) return true
  void uni.redirectTo({ url: loginUrl(here) })
  return false
}

/** After a successful login: back to the page that sent the user here. */
export function returnAfterLogin(redirect: string | undefined): void {
  void uni.redirectTo({ url: safeRedirect(redirect) })
}

/**
 * Catches navigation to a protected page while signed out, whichever API starts it
 * (https://uniapp.dcloud.net.cn/api/interceptor.html), and sends it to the login page instead.
 */
export function installRouteGuard(isLoggedIn: () => boolean): void {
  for (const api of ['navigateTo', 'redirectTo', 'reLaunch'] as const) {
    uni.addInterceptor(api, {
      invoke(args: { url: string }) {
        if (!isLoggedIn() && PROTECTED_PAGES.has(pathOf(args.url))) args.url = loginUrl(args.url)
      },
    })
  }
}
