import { z } from 'zod'
import { AvatarUrl, Gender, Nickname, boundedText } from './common.js'

const EARLIEST_BIRTHDAY = '1900-01-01'

/**
 * A real calendar date (no 2023-02-30), in the past, not before 1900.
 *
 * `abort: true` matters: in zod 4 a refinement still runs after a failed format check unless
 * that check aborts, so without it the refinement saw "2023-13-01" or "😀", built an Invalid
 * Date, and toISOString() threw a RangeError (a 500 instead of a 400). The refinement is made
 * total as well, so it cannot throw whatever reaches it.
 */
export const Birthday = z.iso.date({ abort: true }).refine(
  (s) => {
    const time = new Date(`${s}T00:00:00Z`).getTime()
    return (
      Number.isFinite(time) &&
      s >= EARLIEST_BIRTHDAY &&
      new Date(time).toISOString().startsWith(s) &&
      time < Date.now()
    )
  },
  { message: 'Must be a real date in the past' },
)

/** City, province, country: as free text as WeChat sends them, one line. */
export const Place = boundedText(64)
/** A language tag such as WeChat's `zh_CN`. */
export const Language = boundedText(16)

export const UpdateMeRequest = z
  .object({
    nickname: Nickname,
    avatarUrl: AvatarUrl.nullable(),
    gender: Gender,
    birthday: Birthday.nullable(),
    bio: boundedText(500, { multiline: true }).nullable(),
    language: Language.nullable(),
    city: Place.nullable(),
    province: Place.nullable(),
    country: Place.nullable(),
  })
  .partial()
  .strict()
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>

export const AvatarResponse = z.object({ avatarUrl: z.string() })
export type AvatarResponse = z.infer<typeof AvatarResponse>

/** The getPhoneNumber button's code: NOT the wx.login code (docs/wechat.md, "Phone numbers"). */
export const BindPhoneRequest = z.object({ code: z.string().min(1).max(128) }).strict()
export type BindPhoneRequest = z.infer<typeof BindPhoneRequest>

/** The avatar upload form (multipart/form-data): one file field. */
export const AvatarUpload = z.object({
  file: z.string().meta({
    format: 'binary',
    contentMediaType: 'application/octet-stream',
    description: 'PNG, JPEG or WebP, at most 2 MiB; the type is checked by content, not by name.',
  }),
})
