import {
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  AdminUsersQuery,
  AuditList,
  AuditQuery,
} from '../../dto/index.js'
import { route } from '../route.js'

/** User administration: a bearer token with the `admin` role on every route. */
export const adminRoutes = {
  listUsers: route({
    method: 'GET',
    path: '/api/admin/users',
    tag: 'admin',
    summary: 'Search users',
    description:
      '`q` matches the nickname (substring, case-insensitive), or the id, openid, unionid or phone exactly. `role` keeps the holders of a role; `sort` orders by creation (default) or last login, newest first unless `order=asc`.',
    auth: 'admin',
    query: AdminUsersQuery,
    reply: AdminUserList,
    errors: ['DB_UNAVAILABLE'],
  }),
  getUser: route({
    method: 'GET',
    path: '/api/admin/users/{id}',
    tag: 'admin',
    summary: 'One user, with identity and full phone number',
    auth: 'admin',
    reply: AdminUser,
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  updateUser: route({
    method: 'PATCH',
    path: '/api/admin/users/{id}',
    tag: 'admin',
    summary: "Change a user's status or roles",
    description:
      'Disabling a user revokes all their sessions. An admin cannot disable themself or drop their own admin role (409).',
    auth: 'admin',
    body: AdminUpdateUserRequest,
    reply: AdminUser,
    errors: ['NOT_FOUND', 'CONFLICT', 'DB_UNAVAILABLE'],
  }),
  listAudit: route({
    method: 'GET',
    path: '/api/admin/audit',
    tag: 'admin',
    summary: 'The audit log, newest first',
    auth: 'admin',
    query: AuditQuery,
    reply: AuditList,
    errors: ['DB_UNAVAILABLE'],
  }),
}
