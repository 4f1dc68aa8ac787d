import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as dto from './index.js'
import { AvatarUrl, Birthday, Nickname, UpdateMeRequest } from './index.js'

/**
 * Values a client can send in JSON that a schema must answer with issues, never with an
 * exception: a refinement that throws turns a 400 into a 500 (issue 12: birthday "2023-13-01").
 */
const HOSTILE: unknown[] = [
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '😀',
  '__proto__',
  'constructor',
  '2023-13-01',
  '9999-99-99',
  '0000-00-00',
  '2000-01-01T00:00:00Z',
  '1a',
  '',
  ' ',
  '\u0000',
  '\ud800',
  'x'.repeat(100_000),
  'http://tmp/a.png',
  '-1',
  '1e999',
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  [],
  ['a'],
  {},
  { __proto__: null },
]

const schemas = Object.entries(dto as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
)

describe('no DTO schema throws on hostile input (a refine must never see what a check refused)', () => {
  it.each(schemas)('%s', (_name, schema) => {
    const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
    for (const value of HOSTILE) {
      expect(() => schema.safeParse(value)).not.toThrow()
      for (const key of shape) expect(() => schema.safeParse({ [key]: value })).not.toThrow()
    }
  })
})

describe('Birthday that is not a date (it threw a RangeError: a 500)', () => {
  it.each([
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '😀',
    '__proto__',
    '2023-13-01',
    '9999-99-99',
    '2000-01-01T00:00:00Z',
    '1a',
  ])('refuses %j with one issue on the field', (birthday) => {
    const result = UpdateMeRequest.safeParse({ birthday })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['birthday'], message: 'Invalid ISO date' }),
    ])
  })

  it('still refuses an impossible or future date, and accepts a real one', () => {
    expect(Birthday.safeParse('2023-02-29').success).toBe(false)
    expect(Birthday.safeParse('1899-12-31').success).toBe(false)
    expect(Birthday.safeParse('9999-12-31').success).toBe(false)
    expect(Birthday.parse('1990-07-15')).toBe('1990-07-15')
  })
})

describe('Nickname', () => {
  it.each([
    ['a right-to-left override', 'evil\u202egnp.exe'],
    ['a bidirectional isolate', 'a\u2067b\u2069'],
    ['a zero-width space', 'ad\u200bmin'],
    ['a zero-width non-joiner', 'ad\u200cmin'],
    ['a word joiner', 'ad\u2060min'],
    ['a byte-order mark inside', 'ad\ufeffmin'],
    ['a zero-width joiner between letters', 'ad\u200dmin'],
    ['a zero-width joiner after an emoji, before a letter', '😀\u200da'],
    ['a bell and a header line', 'bell\u0007name\r\nX-Injected: 1'],
    ['a NUL', 'ni\u0000ck'],
  ])('refuses %s', (_what, nickname) => {
    expect(Nickname.safeParse(nickname).success).toBe(false)
  })

  it.each([
    ['a family emoji (joined by U+200D)', '👨\u200d👩\u200d👧'],
    ['the rainbow flag', '🏳\ufe0f\u200d🌈'],
    ['a skin-toned profession', '👩🏽\u200d💻'],
    ['CJK with an emoji', '小明😀'],
  ])('accepts %s', (_what, nickname) => {
    expect(Nickname.parse(nickname)).toBe(nickname)
  })
})

describe('AvatarUrl with a raw control character (a NUL cut the stored URL short)', () => {
  it.each([
    'https://a.example/\u0000.png',
    'https://a.example/a\u0007.png',
    'https://a.example/a b.png',
  ])('refuses %j', (url) => {
    expect(AvatarUrl.safeParse(url).success).toBe(false)
  })

  it('accepts the percent-encoded form', () => {
    expect(AvatarUrl.parse('https://a.example/a%20b.png')).toBe('https://a.example/a%20b.png')
  })
})
