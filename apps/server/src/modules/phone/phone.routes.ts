import Router from '@koa/router'
import { BindPhoneRequest } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { authOf, clientIp, type AppState } from '../../http/context.js'
import { jsonBody } from '../../http/validate.js'
import type { PhoneService } from './phone.service.js'

/** `limit` is the per-user rate limit: it runs after `auth`, so it knows the user. */
export function phoneRoutes(
  service: PhoneService,
  auth: Middleware<AppState>,
  limit: Middleware<AppState>,
): Router<AppState> {
  const router = new Router<AppState>()

  router.post('/api/me/phone', auth, limit, async (ctx) => {
    const { code } = jsonBody(ctx, BindPhoneRequest)
    ctx.body = await service.bind(authOf(ctx).user, code, { ip: clientIp(ctx) })
  })

  return router
}
