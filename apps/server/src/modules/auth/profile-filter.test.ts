import { describe, expect, it } from 'vitest'
import { profileFromWx } from './profile-filter.js'

describe('profileFromWx (a login profile follows the PATCH /api/me text rules)', () => {
  it('keeps a clean profile, trimmed', () => {
    expect(
      profileFromWx({
        nickName: ' 小明 ',
        avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
        gender: 1,
        language: 'zh_CN',
        city: 'Shenzhen',
        province: 'Guangdong',
        country: 'CN',
      }),
    ).toEqual({
      nickname: '小明',
      avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
      // WeChat's own avatar replaces a checked one and is not checked itself.
      avatarReview: null,
      gender: 1,
      language: 'zh_CN',
      city: 'Shenzhen',
      province: 'Guangdong',
      country: 'CN',
    })
  })

  it.each([
    ['a bell and a header line', { nickName: 'bell\u0007name\r\nX-Injected: 1' }],
    ['a right-to-left override', { nickName: 'evil\u202egnp.exe' }],
    ['a zero-width space', { nickName: 'ad\u200bmin' }],
    ['a NUL in the city', { city: 'ci\u0000ty' }],
    ['a tab in the province', { province: 'a\tb' }],
    ['a C1 control in the country', { country: 'C\u0085N' }],
    ['a line separator in the language', { language: 'zh\u2028CN' }],
    ['a language longer than 16', { language: 'x'.repeat(17) }],
    ['a chooseAvatar temporary path', { avatarUrl: 'http://tmp/abc.png' }],
    ['a wxfile path', { avatarUrl: 'wxfile://tmp_abc.png' }],
    ['a javascript: URL', { avatarUrl: 'javascript:alert(1)' }],
    ['an avatar URL with a NUL', { avatarUrl: 'https://a.example/\u0000.png' }],
  ])('drops %s and keeps the other fields', (_what, bad) => {
    expect(profileFromWx({ gender: 2, ...bad })).toEqual({ gender: 2 })
  })

  it('still cuts a long nickname and place, and keeps an emoji sequence whole', () => {
    const out = profileFromWx({ nickName: 'n'.repeat(40), city: 'c'.repeat(70) })
    expect(out).toEqual({ nickname: 'n'.repeat(32), city: 'c'.repeat(64) })
    expect(profileFromWx({ nickName: '👨\u200d👩\u200d👧' }).nickname).toBe('👨\u200d👩\u200d👧')
  })

  it("drops WeChat's anonymous placeholders and empty strings", () => {
    expect(
      profileFromWx({
        nickName: '微信用户',
        avatarUrl:
          'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
        gender: 0,
        city: '',
        language: ' ',
      }),
    ).toEqual({})
  })
})
