import type { RouteHandlers } from '../../http/handler.js'
import type { SessionsService } from './sessions.service.js'

type SessionsRoutes =
  | 'listMySessions'
  | 'revokeMySession'
  | 'logoutOthers'
  | 'adminListUserSessions'
  | 'adminRevokeUserSession'

export function sessionsHandlers(service: SessionsService): RouteHandlers<SessionsRoutes> {
  return {
    listMySessions: ({ auth }) => service.listMine(auth),
    revokeMySession: ({ auth, params, meta }) => service.revokeMine(auth, params.id, meta),
    logoutOthers: ({ auth, meta }) => service.logoutOthers(auth, meta),
    adminListUserSessions: ({ auth, params }) => service.listForUser(auth, params.id),
    adminRevokeUserSession: ({ auth, params, meta }) =>
      service.revokeForUser(auth, params.id, params.sid, meta),
  }
}
