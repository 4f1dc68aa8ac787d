import { z } from 'zod'
import { AvatarUrl, Gender, boundedText } from './common.js'

const EARLIEST_BIRTHDAY = '1900-01-01'

/** A real calendar date (no 2023-02-30), in the past, not before 1900. */
export const Birthday = z.iso.date().refine(
  (s) => {
    const date = new Date(`${s}T00:00:00Z`)
    return s >= EARLIEST_BIRTHDAY && date.toISOString().startsWith(s) && date.getTime() < Date.now()
  },
  { message: 'Must be a real date in the past' },
)

const place = boundedText(64).nullable()

export const UpdateMeRequest = z
  .object({
    nickname: boundedText(32).pipe(z.string().min(1, 'Nickname cannot be empty')),
    avatarUrl: AvatarUrl.nullable(),
    gender: Gender,
    birthday: Birthday.nullable(),
    bio: boundedText(500, { multiline: true }).nullable(),
    language: boundedText(16).nullable(),
    city: place,
    province: place,
    country: place,
  })
  .partial()
  .strict()
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>

export const AvatarResponse = z.object({ avatarUrl: z.string() })
export type AvatarResponse = z.infer<typeof AvatarResponse>

/** The getPhoneNumber button's code: NOT the wx.login code (WECHAT.md, "Phone number"). */
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
