import type {
  AdminStats,
  AdminStatsQuery,
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  AdminUsersQuery,
  AuditList,
  AuditQuery,
  Role,
} from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../clock.js'
import type { AuditRecord, Store, UserRecord } from '../../store/store.js'
import { toAdminUser } from '../users/user-view.js'
import { findUserOrNotFound } from '../users/user-app.js'

export interface AdminActor {
  user: UserRecord
  ip: string | null
}

/** Every account keeps `user`; the order is canonical so audit details read the same way. */
const ROLE_ORDER: Role[] = ['user', 'admin']
const normaliseRoles = (roles: Role[]): Role[] =>
  ROLE_ORDER.filter((r) => r === 'user' || roles.includes(r))

const HOUR = 60 * 60 * 1000

const toAuditEntry = (r: AuditRecord) => ({ ...r, at: r.at.toISOString() })

export function createAdminService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps

  const view = async (user: UserRecord): Promise<AdminUser> =>
    toAdminUser(user, await store.sessions.countActive(user.id, clock.now()))

  const find = (id: string) => findUserOrNotFound(store, id)

  return {
    async listUsers(query: AdminUsersQuery): Promise<AdminUserList> {
      const { page, pageSize } = query
      const { items, total } = await store.users.list({
        q: query.q || undefined,
        status: query.status,
        role: query.role,
        sort: query.sort,
        order: query.order,
        page,
        pageSize,
      })
      return { items: await Promise.all(items.map(view)), total, page, pageSize }
    },

    getUser: async (id: string): Promise<AdminUser> => view(await find(id)),

    /**
     * Changes status and/or roles. Disabling revokes every session at once (and requireAuth and
     * refresh then answer USER_DISABLED). An admin cannot disable themself or drop their own
     * admin role (409 CONFLICT), so the last admin cannot lock everyone out by accident; the CLI
     * (`admin:revoke`) remains the way to do that on purpose.
     */
    async updateUser(
      actor: AdminActor,
      id: string,
      patch: AdminUpdateUserRequest,
    ): Promise<AdminUser> {
      const before = await find(id)
      const roles = patch.roles && normaliseRoles(patch.roles)
      if (before.id === actor.user.id) {
        if (patch.status === 'disabled')
          throw new AppError('CONFLICT', 'You cannot disable your own account.')
        if (roles && !roles.includes('admin'))
          throw new AppError('CONFLICT', 'You cannot remove your own admin role.')
      }
      if (patch.status === undefined && roles === undefined) return view(before)

      const now = clock.now()
      const after = await store.users.updateAccount(id, { status: patch.status, roles })
      if (!after) throw new AppError('NOT_FOUND', 'No user with this id.')
      const revokedSessions =
        patch.status === 'disabled'
          ? await store.sessions.revokeAllForUser(id, 'disabled_by_admin', now)
          : 0

      await store.audit.append({
        at: now,
        action: 'admin_update_user',
        actorId: actor.user.id,
        targetId: id,
        ip: actor.ip,
        details: {
          ...(patch.status ? { status: patch.status, previousStatus: before.status } : {}),
          ...(roles ? { roles, previousRoles: before.roles } : {}),
          ...(patch.status === 'disabled' ? { revokedSessions } : {}),
        },
      })
      return view(after)
    },

    async listAudit(query: AuditQuery): Promise<AuditList> {
      const { page, pageSize } = query
      const { items, total } = await store.audit.list({
        action: query.action,
        userId: query.userId,
        actorId: query.actorId,
        targetId: query.targetId,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
        page,
        pageSize,
      })
      return { items: items.map(toAuditEntry), total, page, pageSize }
    },

    /**
     * The dashboard. "Today" starts at the operator's local midnight when the console says where
     * that is (at most 48 hours back: anything else is not a midnight of today), else at
     * midnight UTC. Logins are the audit log's `login` entries of the last 24 hours.
     */
    async stats(query: AdminStatsQuery): Promise<AdminStats> {
      const now = clock.now()
      const utcMidnight = new Date(now)
      utcMidnight.setUTCHours(0, 0, 0, 0)
      const asked = query.dayStart === undefined ? null : new Date(query.dayStart)
      const dayStart =
        asked && asked <= now && now.getTime() - asked.getTime() <= 48 * HOUR ? asked : utcMidnight
      const [users, logins, activeSessions] = await Promise.all([
        store.users.stats(dayStart),
        store.audit.list({
          action: 'login',
          from: new Date(now.getTime() - 24 * HOUR),
          page: 1,
          pageSize: 1,
        }),
        store.sessions.countAllActive(now),
      ])
      return {
        users: {
          total: users.total,
          active: users.active,
          disabled: users.disabled,
          newToday: users.createdSince,
        },
        logins24h: logins.total,
        activeSessions,
      }
    },
  }
}

export type AdminService = ReturnType<typeof createAdminService>
