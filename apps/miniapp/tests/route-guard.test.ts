import { describe, expect, it, vi } from 'vitest'
import {
  installRouteGuard,
  leaveLoginPage,
  loginUrl,
  openPage,
  returnAfterLogin,
  safeRedirect,
} from '@/utils/route-guard'
import { currentUni } from './mocks/uni'

type Invoke = (a: { url: string }) => boolean

function guard(signedIn: () => boolean): Invoke {
  installRouteGuard(signedIn)
  const apis = currentUni().addInterceptor.mock.calls.map((c) => c[0])
  expect(apis).toEqual(['navigateTo', 'redirectTo', 'reLaunch'])
  return (currentUni().addInterceptor.mock.calls[0]?.[1] as { invoke: Invoke }).invoke
}

describe('route guard', () => {
  it('only redirects back to in-app pages', () => {
    expect(safeRedirect(encodeURIComponent('/pages/profile/index?tab=1'))).toBe(
      '/pages/profile/index?tab=1',
    )
    expect(safeRedirect('https://evil.example/pages/x')).toBeNull()
    expect(safeRedirect('/pages/login/index')).toBeNull()
    expect(safeRedirect(undefined)).toBeNull()
  })

  it('sends navigation to a protected page through login while signed out', () => {
    let signedIn = false
    const invoke = guard(() => signedIn)
    const toProfile = { url: '/pages/profile/index' }
    expect(invoke(toProfile)).toBe(true)
    expect(toProfile.url).toBe(loginUrl('/pages/profile/index'))

    // Public pages stay public: the home page, the agreements, the login page itself.
    for (const url of ['/pages/agreement/index?doc=terms', '/pages/login/index']) {
      const nav = { url }
      expect(invoke(nav)).toBe(true)
      expect(nav.url).toBe(url)
    }

    signedIn = true
    const again = { url: 'pages/profile/index' }
    expect(invoke(again)).toBe(true)
    expect(again.url).toBe('pages/profile/index')
  })

  it('cancels opening the login page while signed in (no second session)', () => {
    const invoke = guard(() => true)
    expect(invoke({ url: '/pages/login/index?redirect=x' })).toBe(false)
  })

  it('opens tab pages with switchTab and other pages with navigateTo', () => {
    openPage('/pages/mine/index?x=1')
    expect(currentUni().switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' })
    openPage('/pages/profile/index')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
  })

  it('after login: on to the protected page, to a tab, or back where the user was', () => {
    returnAfterLogin(encodeURIComponent('/pages/profile/index'))
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
    returnAfterLogin('/pages/mine/index')
    expect(currentUni().switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' })
    returnAfterLogin(undefined)
    expect(currentUni().navigateBack).toHaveBeenCalledWith({ delta: 1 })
  })

  it('暂不登录 goes back, or home when the login page is the only page', () => {
    leaveLoginPage()
    expect(currentUni().navigateBack).toHaveBeenCalledTimes(1)
    vi.stubGlobal('getCurrentPages', () => [])
    leaveLoginPage()
    expect(currentUni().switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })
})

describe('redirect targets', () => {
  it('survive being encoded twice (uni H5 encodes query values again)', () => {
    const once = encodeURIComponent('/pages/profile/index')
    expect(safeRedirect(encodeURIComponent(once))).toBe('/pages/profile/index')
    expect(safeRedirect('%E0%A4%A')).toBeNull()
  })
})
