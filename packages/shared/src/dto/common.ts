import { z } from 'zod'

/** ISO-8601 timestamp in UTC, as every time in the contract is. */
export const IsoDateTime = z.iso.datetime()

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators are never
// part of a display name or a bio line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/

/** Length in user-perceived code points, so an emoji counts once, not twice. */
const codePoints = (s: string): number => [...s].length

export const boundedText = (max: number, { multiline = false } = {}) =>
  z
    .string()
    .trim()
    .refine((s) => codePoints(s) <= max, { message: `At most ${max} characters` })
    .refine((s) => !CONTROL_CHARS.test(s) && (multiline || !/[\r\n\t]/.test(s)), {
      message: 'Control characters are not allowed',
    })

// Invisible characters that make one name look like another: the bidirectional embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069; "Trojan Source", CVE-2021-42574) and the
// zero-width characters (U+200B, U+200C, U+2060, U+FEFF).
const BIDI_OR_ZERO_WIDTH = /[\u202a-\u202e\u2066-\u2069\u200b\u200c\u2060\ufeff]/
// The zero-width joiner (U+200D) is refused too, except inside an emoji sequence (👨‍👩‍👧, 🏳️‍🌈,
// 👩🏽‍💻), where it joins two visible emoji into one and is common in WeChat nicknames.
const LONE_ZWJ =
  /(?<!\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f)\u200d|\u200d(?!\p{Extended_Pictographic})/u

/**
 * What getUserProfile/getUserInfo answer instead of the real nickname since 2022-11-08: it is
 * never a user's choice, so it is never stored (docs/wechat.md, "Profile data since 2022").
 */
export const WECHAT_PLACEHOLDER_NICKNAME = '微信用户'

/**
 * A display name: one line of visible text, 1-32 characters, none of them invisible. The same
 * rule for `PATCH /api/me` and for a profile sent with a login.
 */
export const Nickname = boundedText(32)
  .refine((s) => !BIDI_OR_ZERO_WIDTH.test(s) && !LONE_ZWJ.test(s), {
    message: 'Bidirectional overrides and zero-width characters are not allowed',
  })
  .refine((s) => s !== WECHAT_PLACEHOLDER_NICKNAME, {
    message: `"${WECHAT_PLACEHOLDER_NICKNAME}" is WeChat's placeholder, not a nickname`,
  })
  .pipe(z.string().min(1, 'Nickname cannot be empty'))

/**
 * An avatar URL the app can load later: http(s) only. WeChat's chooseAvatar gives a temporary
 * local path (wxfile://, http://tmp/...) that breaks after the session; it must be uploaded
 * first (docs/wechat.md, "Profile data since 2022").
 */
export const AvatarUrl = z
  .url({ protocol: /^https?$/ })
  .max(1024)
  .refine((u) => !/^http:\/\/(tmp|usr)\//.test(u), {
    message: 'A temporary WeChat file path; upload it to /api/me/avatar first',
  })
  // The URL check accepts a raw NUL or space in the path and returns the string as sent; a NUL
  // would cut the stored URL short. A real URL has them percent-encoded.
  .refine((u) => !CONTROL_CHARS.test(u) && !/\s/.test(u), {
    message: 'Control characters and spaces must be percent-encoded',
  })

export const Gender = z.union([z.literal(0), z.literal(1), z.literal(2)])

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
