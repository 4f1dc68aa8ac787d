import Router from '@koa/router'
import { AdminUpdateUserRequest, AdminUsersQuery, AuditQuery } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { authOf, clientIp, type AppState } from '../../http/context.js'
import { requireRole } from '../../http/require-auth.js'
import { jsonBody, parseWith } from '../../http/validate.js'
import type { AdminService } from './admin.service.js'

/** CONTRACT.md, "Admin endpoints": bearer token and the `admin` role on every route. */
export function adminRoutes(service: AdminService, auth: Middleware<AppState>): Router<AppState> {
  const router = new Router<AppState>()
  const admin = [auth, requireRole('admin')] as const

  router.get('/api/admin/users', ...admin, async (ctx) => {
    ctx.body = await service.listUsers(parseWith(AdminUsersQuery, ctx.query))
  })

  router.get('/api/admin/users/:id', ...admin, async (ctx) => {
    ctx.body = await service.getUser(ctx.params.id ?? '')
  })

  router.patch('/api/admin/users/:id', ...admin, async (ctx) => {
    const patch = jsonBody(ctx, AdminUpdateUserRequest)
    ctx.body = await service.updateUser(
      { user: authOf(ctx).user, ip: clientIp(ctx) },
      ctx.params.id ?? '',
      patch,
    )
  })

  router.get('/api/admin/audit', ...admin, async (ctx) => {
    ctx.body = await service.listAudit(parseWith(AuditQuery, ctx.query))
  })

  return router
}
