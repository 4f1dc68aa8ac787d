import type { WxProfile } from '@wxlogin/shared/dto'
import type { Profile } from '../../store/store.js'

/**
 * Since 2022-11-08 getUserProfile/getUserInfo return the nickname "微信用户" and a grey default
 * avatar (WECHAT.md, "Profile data since 2022"). Those placeholders must never overwrite a
 * real profile, and neither must the empty strings sent for gender/region since late 2023.
 */
const PLACEHOLDER_NICKNAMES = new Set(['微信用户'])
const PLACEHOLDER_AVATAR =
  /\/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg\//

const text = (v: string | undefined): string | undefined => {
  const t = v?.trim()
  return t ? t : undefined
}

export function profileFromWx(p: WxProfile | undefined): Partial<Profile> {
  if (!p) return {}
  const out: Partial<Profile> = {}
  const nickname = text(p.nickName)
  if (nickname && !PLACEHOLDER_NICKNAMES.has(nickname))
    out.nickname = [...nickname].slice(0, 32).join('')
  const avatar = text(p.avatarUrl)
  if (avatar && /^https?:\/\//.test(avatar) && !PLACEHOLDER_AVATAR.test(avatar))
    out.avatarUrl = avatar
  if (p.gender === 1 || p.gender === 2) out.gender = p.gender
  for (const key of ['language', 'city', 'province', 'country'] as const) {
    const value = text(p[key])
    if (value) out[key] = value.slice(0, 64)
  }
  return out
}
