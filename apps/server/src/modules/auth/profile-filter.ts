import { AvatarUrl, Language, Nickname, Place, type WxProfile } from '@wxlogin/shared/dto'
import type { z } from 'zod'
import type { Profile } from '../../store/store.js'

/**
 * Since 2022-11-08 getUserProfile/getUserInfo return the nickname "微信用户" (refused by the
 * Nickname schema itself) and a grey default avatar (docs/wechat.md, "Profile data since 2022").
 * Those placeholders must never overwrite a real profile, and neither must the empty strings
 * sent for gender/region since late 2023.
 */
const PLACEHOLDER_AVATAR =
  /\/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg\//

/** Trimmed and cut to `max` code points (legacy WeChat text may be longer than ours). */
const clip = (value: string | undefined, max: number): string | undefined =>
  value === undefined ? undefined : [...value.trim()].slice(0, max).join('')

/**
 * The value if it passes the rule `PATCH /api/me` applies to the same field, else nothing: a
 * login profile is a side dish, so a field that breaks the rules (a control character, a NUL
 * that would truncate it in storage, a bidirectional override, a temporary avatar path) is
 * dropped and the login goes on. Empty strings are dropped too: they mean "not shared".
 */
function valid<T extends string>(schema: z.ZodType<T, string>, value: string | undefined) {
  if (value === undefined) return undefined
  const parsed = schema.safeParse(value)
  return parsed.success && parsed.data !== '' ? parsed.data : undefined
}

/**
 * A login's profile (wx-login `profile`, the compatibility endpoint's `user_info`, verified open
 * data) as the fields to store, by the same text rules as `PATCH /api/me` (issue 12).
 */
export function profileFromWx(p: WxProfile | undefined): Partial<Profile> {
  if (!p) return {}
  const out: Partial<Profile> = {}
  const nickname = valid(Nickname, clip(p.nickName, 32))
  if (nickname) out.nickname = nickname
  const avatar = valid(AvatarUrl, p.avatarUrl?.trim())
  if (avatar && !PLACEHOLDER_AVATAR.test(avatar)) {
    out.avatarUrl = avatar
    // WeChat's own avatar (thirdwx.qlogo.cn): not ours to check, and it replaces a checked one.
    out.avatarReview = null
  }
  if (p.gender === 1 || p.gender === 2) out.gender = p.gender
  const language = valid(Language, p.language)
  if (language) out.language = language
  for (const key of ['city', 'province', 'country'] as const) {
    const value = valid(Place, clip(p[key], 64))
    if (value) out[key] = value
  }
  return out
}
