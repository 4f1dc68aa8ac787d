import { ApiError } from '@wxlogin/shared/client'
import { describe, expect, it } from 'vitest'
import { compareVersions } from '@/services/base-library'
import { endReasonOf } from '@/services/session-end'
import { formatWait } from '@/utils/format-wait'
import { nicknameProblem } from '@/utils/nickname'
import { privacyRefusal } from '@/utils/privacy-errors'
import { releaseApiProblem } from '../scripts/release-api-check.mjs'

const err = (code: ConstructorParameters<typeof ApiError>[0]) => new ApiError(code, 401, code)

describe('why a session ended', () => {
  const now = 1_000_000_000
  it.each([
    ['USER_DISABLED', now + 1e9, 'disabled'],
    ['REFRESH_TOKEN_REUSED', now + 1e9, 'security'],
    ['REFRESH_TOKEN_INVALID', now + 1e9, 'revoked'],
    ['AUTH_TOKEN_INVALID', now + 1e9, 'revoked'],
    ['REFRESH_TOKEN_INVALID', now - 1, 'expired'],
    // Within the clock slack of its end, or with no known end: the honest guess is "expired".
    ['REFRESH_TOKEN_INVALID', now + 30_000, 'expired'],
    ['REFRESH_TOKEN_INVALID', null, 'expired'],
    ['NETWORK_ERROR', now + 1e9, null],
    ['DB_UNAVAILABLE', now + 1e9, null],
  ] as const)('%s with end %s → %s', (code, endsAt, reason) => {
    expect(endReasonOf(err(code), endsAt, now)).toBe(reason)
  })
  it('anything that is not an API error is not about the session', () => {
    expect(endReasonOf(new Error('x'), now + 1e9, now)).toBeNull()
  })
})

describe('nickname rules', () => {
  it.each([
    ['', '请输入昵称'],
    ['   ', '请输入昵称'],
    ['微信用户', '请设置你自己的昵称，不能使用“微信用户”'],
    [' 微信用户 ', '请设置你自己的昵称，不能使用“微信用户”'],
    ['x'.repeat(33), '昵称最多 32 个字'],
    ['a\u202eb', '昵称不能包含特殊字符或不可见字符'],
    ['  阿强 ', null],
    ['👩🏽‍💻 程序员', null],
  ])('%j → %s', (draft, problem) => {
    expect(nicknameProblem(draft)).toBe(problem)
  })
})

describe('privacy refusals', () => {
  it('errno 104 is the user not agreeing, 112 the app not declaring; others are not privacy', () => {
    expect(privacyRefusal({ errno: 104 }, '手机号')).toContain('还没有同意隐私保护指引')
    expect(
      privacyRefusal({ errMsg: 'chooseAvatar:fail privacy permission is not authorized' }, '头像'),
    ).toContain('微信头像')
    expect(privacyRefusal({ errno: 112 }, '昵称')).toContain('尚未在隐私保护指引中声明昵称')
    expect(privacyRefusal({ errMsg: 'getPhoneNumber:fail user deny' }, '手机号')).toBeNull()
  })
})

describe('small helpers', () => {
  it('compares base library versions numerically', () => {
    expect(compareVersions('2.32.3', '2.32.3')).toBe(0)
    expect(compareVersions('2.9.10', '2.32.3')).toBeLessThan(0)
    expect(compareVersions('3.0', '2.32.3')).toBeGreaterThan(0)
  })
  it('says how long to wait in seconds or minutes', () => {
    expect(formatWait(42)).toBe('42 秒')
    expect(formatWait(60)).toBe('60 秒')
    expect(formatWait(3600)).toBe('60 分钟')
  })
})

describe('release API base check (the build fails on these)', () => {
  it.each([
    [undefined, 'is empty'],
    ['', 'is empty'],
    ['https://api.example.com', 'placeholder'],
    ['https://api-trial.example.com', 'placeholder'],
    ['http://api.wxlogin.cn', 'must be https://'],
    ['https://127.0.0.1:3000', 'placeholder'],
    ['https://localhost', 'placeholder'],
    ['https://api.wxlogin.cn/v1', 'origin only'],
    ['not a url', 'is not a URL'],
  ])('%j is refused (%s)', (value, why) => {
    expect(releaseApiProblem('VITE_API_BASE_RELEASE', value)).toContain(why)
  })
  it('a real HTTPS origin passes', () => {
    expect(releaseApiProblem('VITE_API_BASE_RELEASE', 'https://api.wxlogin.cn')).toBeNull()
  })
})
