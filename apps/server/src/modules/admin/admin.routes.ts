import type { RouteHandlers } from '../../http/handler.js'
import type { AdminService } from './admin.service.js'

type AdminRoutes = 'listUsers' | 'getUser' | 'updateUser' | 'listAudit' | 'adminStats'

/** The route table puts a bearer token and the `admin` role in front of every one of these. */
export function adminHandlers(service: AdminService): RouteHandlers<AdminRoutes> {
  return {
    listUsers: ({ query }) => service.listUsers(query),
    getUser: ({ params }) => service.getUser(params.id),
    updateUser: ({ auth, params, body, meta }) =>
      service.updateUser({ user: auth.user, ip: meta.ip }, params.id, body),
    listAudit: ({ query }) => service.listAudit(query),
    adminStats: ({ query }) => service.stats(query),
  }
}
