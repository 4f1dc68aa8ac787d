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

/**
 * An avatar URL the app can load later: http(s) only. WeChat's chooseAvatar gives a temporary
 * local path (wxfile://, http://tmp/...) that breaks after the session; it must be uploaded
 * first (WECHAT.md, "Profile data since 2022").
 */
export const AvatarUrl = z
  .url({ protocol: /^https?$/ })
  .max(1024)
  .refine((u) => !/^http:\/\/(tmp|usr)\//.test(u), {
    message: 'A temporary WeChat file path; upload it to /api/me/avatar first',
  })

export const Gender = z.union([z.literal(0), z.literal(1), z.literal(2)])

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
