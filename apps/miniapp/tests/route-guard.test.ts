import { describe, expect, it } from 'vitest'
import { installRouteGuard, loginUrl, safeRedirect } from '@/utils/route-guard'
import { currentUni } from './mocks/uni'

describe('route guard', () => {
  it('only redirects back to in-app pages', () => {
    expect(safeRedirect(encodeURIComponent('/pages/profile/index?tab=1'))).toBe(
      '/pages/profile/index?tab=1',
    )
    expect(safeRedirect('https://evil.example/pages/x')).toBe('/pages/profile/index')
    expect(safeRedirect('/pages/login/index')).toBe('/pages/profile/index')
    expect(safeRedirect(undefined)).toBe('/pages/profile/index')
  })

  it('turns navigation to a protected page into a trip through login while signed out', () => {
    let signedIn = false
    installRouteGuard(() => signedIn)
    const apis = currentUni().addInterceptor.mock.calls.map((c) => c[0])
    expect(apis).toEqual(['navigateTo', 'redirectTo', 'reLaunch'])
    const invoke = (
      currentUni().addInterceptor.mock.calls[0]?.[1] as { invoke: (a: { url: string }) => void }
    ).invoke

    const toProfile = { url: '/pages/profile/index' }
    invoke(toProfile)
    expect(toProfile.url).toBe(loginUrl('/pages/profile/index'))

    const toLogin = { url: '/pages/login/index' }
    invoke(toLogin)
    expect(toLogin.url).toBe('/pages/login/index')

    signedIn = true
    const again = { url: 'pages/profile/index' }
    invoke(again)
    expect(again.url).toBe('pages/profile/index')
  })
})
