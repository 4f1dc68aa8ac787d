import { SessionList } from '../../dto/index.js'
import { noContent, route } from '../route.js'

/** Signed-in devices: the user's own, and any user's for an admin. */
export const sessionsRoutes = {
  listMySessions: route({
    method: 'GET',
    path: '/api/me/sessions',
    tag: 'auth',
    summary: "The user's signed-in devices",
    description:
      'Active sessions only, newest use first (the current one first). `ip` is masked; `device` is read from the user agent the device sent at sign-in.',
    auth: 'bearer',
    reply: SessionList,
    errors: ['DB_UNAVAILABLE'],
  }),
  revokeMySession: route({
    method: 'DELETE',
    path: '/api/me/sessions/{id}',
    tag: 'auth',
    summary: 'Sign one device out',
    description:
      "The session's refresh tokens are revoked and its access tokens stop working. The current session may be revoked too (the same as logout). Another user's session or an unknown id is 404.",
    auth: 'bearer',
    reply: noContent('The session is revoked (or had already ended).'),
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  logoutOthers: route({
    method: 'POST',
    path: '/api/auth/logout-others',
    tag: 'auth',
    summary: 'Sign every other device out',
    auth: 'bearer',
    reply: noContent('Every session of the user except the current one is revoked.'),
    errors: ['DB_UNAVAILABLE'],
  }),
  adminListUserSessions: route({
    method: 'GET',
    path: '/api/admin/users/{id}/sessions',
    tag: 'admin',
    summary: "A user's signed-in devices",
    auth: 'admin',
    reply: SessionList,
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  adminRevokeUserSession: route({
    method: 'DELETE',
    path: '/api/admin/users/{id}/sessions/{sid}',
    tag: 'admin',
    summary: "Sign one of a user's devices out",
    description: 'Audited as `session_revoked`.',
    auth: 'admin',
    reply: noContent('The session is revoked (or had already ended).'),
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
}
