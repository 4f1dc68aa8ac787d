import { afterEach, describe, expect, it } from 'vitest'
import { safeRedirect } from '@/router'
import { loadTokens, saveTokens } from '@/services/token-storage'
import { formatTime, localMidnight } from '@/utils/format'
import { sameOriginUrl } from '@/utils/same-origin'

describe('sameOriginUrl (avatars only from the server itself)', () => {
  it('keeps this origin and drops every other', () => {
    const here = `${location.origin}/avatars/a.png`
    expect(sameOriginUrl(here)).toBe(here)
    expect(sameOriginUrl('/avatars/b.png')).toBe(`${location.origin}/avatars/b.png`)
    expect(sameOriginUrl('https://thirdwx.qlogo.cn/mmopen/x/132')).toBeNull()
    expect(sameOriginUrl('javascript:alert(1)')).toBeNull()
    expect(sameOriginUrl('//evil.example/x.png')).toBeNull()
    expect(sameOriginUrl(null)).toBeNull()
  })
})

describe('token storage (sessionStorage, never a cookie)', () => {
  afterEach(() => sessionStorage.clear())

  it('round-trips a pair and forgets it', () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' })
    expect(loadTokens()).toEqual({ accessToken: 'a', refreshToken: 'r' })
    expect(document.cookie).toBe('')
    saveTokens(null)
    expect(loadTokens()).toBeNull()
  })

  it('ignores what it did not write', () => {
    sessionStorage.setItem('wxlogin-admin:tokens', '{"accessToken":1}')
    expect(loadTokens()).toBeNull()
    sessionStorage.setItem('wxlogin-admin:tokens', 'not json')
    expect(loadTokens()).toBeNull()
  })
})

describe('safeRedirect', () => {
  it('allows console paths only', () => {
    expect(safeRedirect('/users/abc')).toBe('/users/abc')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})

describe('dates in the operator’s time', () => {
  it('formats an ISO time and finds local midnight', () => {
    expect(formatTime(null)).toBe('—')
    expect(formatTime('nonsense')).toBe('—')
    expect(formatTime('2026-03-01T08:00:00.000Z')).toMatch(/^2026\/03\/01 \d\d:00:00$/)
    const midnight = new Date(localMidnight(new Date(2026, 2, 1, 15, 30)))
    expect([midnight.getHours(), midnight.getMinutes(), midnight.getDate()]).toEqual([0, 0, 1])
  })
})
