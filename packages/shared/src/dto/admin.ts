import { z } from 'zod'
import { IsoDateTime, PageQuery } from './common.js'
import { AdminUser, Role, UserStatus } from './user.js'

export const AdminUsersQuery = PageQuery.extend({
  q: z.string().trim().max(128).optional(),
  status: UserStatus.optional(),
  role: Role.optional(),
  /** The order of the list: by creation (default) or by last login; newest first unless `order=asc`. */
  sort: z.enum(['createdAt', 'lastLoginAt']).default('createdAt'),
  order: z.enum(['desc', 'asc']).default('desc'),
})
export type AdminUsersQuery = z.infer<typeof AdminUsersQuery>

export const AdminUserList = z.object({
  items: z.array(AdminUser),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
})
export type AdminUserList = z.infer<typeof AdminUserList>

export const AdminUpdateUserRequest = z
  .object({
    status: UserStatus,
    roles: z.array(Role).min(1).max(8),
  })
  .partial()
  .strict()
export type AdminUpdateUserRequest = z.infer<typeof AdminUpdateUserRequest>

export const AuditAction = z.enum([
  'login',
  /** A login WeChat vouched for, refused by us (a disabled account): nothing else was written. */
  'login_refused',
  'refresh_reuse_detected',
  'phone_bound',
  'admin_update_user',
  'role_granted',
  'role_revoked',
  'logout_all',
  /** Every session but the caller's (POST /api/auth/logout-others). */
  'logout_others',
  /** One session ended by its user (DELETE /api/me/sessions/:id) or an admin; `details.by` says which. */
  'session_revoked',
  'agreement_accepted',
  /** The account was erased; the entry keeps the user id and no personal data. */
  'account_deleted',
  /** An admin approved a console sign-in from the mini-program (扫码登录); details.ticketId. */
  'admin_login_approved',
  /** A user without the admin role tried to approve a console sign-in; nothing was approved. */
  'admin_login_refused',
  /** The `admin:login-link` command issued a one-time console sign-in link. */
  'admin_login_link_issued',
  /** An admin approved or rejected a moderation item (details: item, kind, decision). */
  'moderation_decided',
  /** WeChat judged an avatar risky: it was removed (details: trace_id, label). */
  'avatar_rejected',
])
export type AuditAction = z.infer<typeof AuditAction>

export const AuditEntry = z.object({
  id: z.string(),
  at: IsoDateTime,
  action: AuditAction,
  actorId: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditQuery = PageQuery.extend({
  action: AuditAction.optional(),
  /** Entries this user did or that were done to them. */
  userId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  /** Entries at or after this time. */
  from: IsoDateTime.optional(),
  /** Entries before this time. */
  to: IsoDateTime.optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditList = z.object({
  items: z.array(AuditEntry),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
})
export type AuditList = z.infer<typeof AuditList>
