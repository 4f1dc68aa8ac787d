import type { RouteHandlers } from '../../http/handler.js'
import type { AdminLoginService } from './admin-login.service.js'

type AdminLoginRoutes =
  | 'createLoginTicket'
  | 'pollLoginTicket'
  | 'scanLoginTicket'
  | 'approveLoginTicket'
  | 'rejectLoginTicket'

/** The browser creates and polls (no auth); the mini-program scans, approves, rejects (bearer). */
export function adminLoginHandlers(service: AdminLoginService): RouteHandlers<AdminLoginRoutes> {
  return {
    createLoginTicket: ({ meta }) => service.create(meta),
    pollLoginTicket: ({ params, body, meta }) => service.poll(params.id, body.pollToken, meta),
    scanLoginTicket: ({ params, auth }) => service.scan(auth.user, params.id),
    approveLoginTicket: ({ params, auth, meta }) => service.approve(auth.user, params.id, meta),
    rejectLoginTicket: ({ params, auth }) => service.reject(auth.user, params.id),
  }
}
