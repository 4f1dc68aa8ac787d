export const HOME_PAGE = '/pages/home/index'
export const MINE_PAGE = '/pages/mine/index'
export const LOGIN_PAGE = '/pages/login/index'
export const PROFILE_PAGE = '/pages/profile/index'
export const PROFILE_EDIT_PAGE = '/pages/profile/edit'
export const SESSIONS_PAGE = '/pages/sessions/index'
export const DELETE_ACCOUNT_PAGE = '/pages/account/delete'
export const ADMIN_LOGIN_PAGE = '/pages/admin-login/index'

/** The tab bar's pages (pages.json): reached with switchTab, never navigateTo. */
const TAB_PAGES = new Set([HOME_PAGE, MINE_PAGE])

/**
 * Pages that need a signed-in user. Everything else works for a visitor, as WeChat's login
 * rules ask (docs/wechat.md, "Login rules for mini-programs"). A new page that needs an
 * account goes here.
 */
const PROTECTED_PAGES = new Set([
  PROFILE_PAGE,
  PROFILE_EDIT_PAGE,
  SESSIONS_PAGE,
  DELETE_ACCOUNT_PAGE,
  ADMIN_LOGIN_PAGE,
])

export const pathOf = (url: string): string => `/${url.split('?')[0]?.replace(/^\/+/, '') ?? ''}`

export const loginUrl = (back?: string): string =>
  back ? `${LOGIN_PAGE}?redirect=${encodeURIComponent(back)}` : LOGIN_PAGE

/**
 * Only an in-app page may be a redirect target (never a URL someone put in a share link);
 * null when there is none, and the login page then simply goes back.
 */
export function safeRedirect(target: string | undefined): string | null {
  // Encoded once by us, and once more by uni's H5 router on the way: decode until it settles.
  let decoded = target ?? ''
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    try {
      decoded = decodeURIComponent(decoded)
    } catch {
      return null
    }
  }
  return /^\/pages\/[\w/-]+(\?[\w=&%.-]*)?$/.test(decoded) && pathOf(decoded) !== LOGIN_PAGE
    ? decoded
    : null
}

/** Opens an in-app page the way its kind needs (tab pages cannot be pushed). */
export function openPage(url: string): void {
  if (TAB_PAGES.has(pathOf(url))) void uni.switchTab({ url: pathOf(url) })
  else void uni.navigateTo({ url })
}

/**
 * For a page that needs login, on every show: signed out means off to the login page (which
 * says why the session ended, if it did) and back here afterwards. Returns whether to stay.
 * `signedIn` is true while a (silent) login is still running: the page's calls wait for it.
 */
export function requireLogin(signedIn: boolean, here: string): boolean {
  if (signedIn) return true
  void uni.redirectTo({ url: loginUrl(here) })
  return false
}

/** Leaves the login page without signing in: back where the user came from, else home. */
export function leaveLoginPage(): void {
  if (getCurrentPages().length > 1) void uni.navigateBack({ delta: 1 })
  else void uni.switchTab({ url: HOME_PAGE })
}

/** After a successful login: on to the page that asked for it, or back where the user was. */
export function returnAfterLogin(redirect: string | undefined): void {
  const target = safeRedirect(redirect)
  if (!target) leaveLoginPage()
  else if (TAB_PAGES.has(pathOf(target))) void uni.switchTab({ url: pathOf(target) })
  else void uni.redirectTo({ url: target })
}

/**
 * Whichever API starts it (https://uniapp.dcloud.net.cn/api/interceptor.html): a protected page
 * while signed out goes through the login page instead, and the login page cannot be opened
 * while signed in (a second login would open a second session). Returning false cancels.
 */
export function installRouteGuard(isLoggedIn: () => boolean): void {
  for (const api of ['navigateTo', 'redirectTo', 'reLaunch'] as const) {
    uni.addInterceptor(api, {
      invoke(args: { url: string }) {
        const path = pathOf(args.url)
        if (isLoggedIn() && path === LOGIN_PAGE) return false
        if (!isLoggedIn() && PROTECTED_PAGES.has(path)) args.url = loginUrl(args.url)
        return true
      },
    })
  }
}
