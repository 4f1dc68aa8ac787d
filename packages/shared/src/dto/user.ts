import { z } from 'zod'
import { Agreement } from './account.js'
import { Gender, IsoDateTime } from './common.js'

export const Role = z.enum(['user', 'admin'])
export type Role = z.infer<typeof Role>

export const UserStatus = z.enum(['active', 'disabled'])
export type UserStatus = z.infer<typeof UserStatus>

/**
 * Where WeChat's check of the current avatar stands (docs/content-security.md): `pending` until the
 * verdict is pushed (shown meanwhile), `approved`, or `rejected` (the avatar was removed). Null
 * when the avatar was not checked (none, WeChat's own, or checks are off).
 */
export const AvatarReview = z.enum(['pending', 'approved', 'rejected'])
export type AvatarReview = z.infer<typeof AvatarReview>

/** A user as they see themself: no openid/unionid/session_key, the phone masked. */
export const User = z.object({
  id: z.string(),
  nickname: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  avatarReview: AvatarReview.nullable(),
  gender: Gender,
  language: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  country: z.string().nullable(),
  birthday: z.string().nullable(),
  bio: z.string().nullable(),
  phone: z.string().nullable(),
  roles: z.array(Role),
  status: UserStatus,
  createdAt: IsoDateTime,
  lastLoginAt: IsoDateTime,
  /** The user agreement and privacy policy version last accepted, or null if never. */
  agreement: Agreement.nullable(),
})
export type User = z.infer<typeof User>

/** What an admin sees: the identity and the full phone number too. */
export const AdminUser = User.extend({
  openid: z.string(),
  unionid: z.string().nullable(),
  appId: z.string(),
  phone: z.string().nullable(),
  loginCount: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
})
export type AdminUser = z.infer<typeof AdminUser>
