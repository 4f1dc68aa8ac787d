import type { AdminUser, User } from '@wxlogin/shared/dto'
import { pickProfile, type ProfileKey } from '../../store/profile-fields.js'
import type { UserRecord } from '../../store/store.js'

/** `13800138000` → `138****0000`; shorter numbers keep only their last 4 digits visible. */
export function maskPhone(national: string): string {
  if (national.length >= 11) return `${national.slice(0, 3)}****${national.slice(-4)}`
  if (national.length <= 4) return '*'.repeat(national.length)
  return `${'*'.repeat(national.length - 4)}${national.slice(-4)}`
}

/**
 * The profile fields as the DTO shows them: all of PROFILE_FIELDS, as stored. A field declared on
 * one side only does not compile (missing from `User`: the Pick fails; missing from the store:
 * toUser lacks it).
 */
const profileView = (u: UserRecord): Pick<User, ProfileKey> => pickProfile(u)

/** The user as they see themself: no openid/unionid, the phone masked (docs/api.md, "Profile"). */
export function toUser(u: UserRecord): User {
  return {
    id: u.id,
    ...profileView(u),
    phone: u.phoneNational ? maskPhone(u.phoneNational) : null,
    roles: u.roles,
    status: u.status,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt.toISOString(),
    agreement: u.agreement && {
      version: u.agreement.version,
      acceptedAt: u.agreement.acceptedAt.toISOString(),
    },
  }
}

/** What an admin sees: identity, full phone, counters. */
export function toAdminUser(u: UserRecord, sessions: number): AdminUser {
  return {
    ...toUser(u),
    openid: u.openid,
    unionid: u.unionid,
    appId: u.appId,
    phone: u.phone,
    loginCount: u.loginCount,
    sessions,
  }
}
