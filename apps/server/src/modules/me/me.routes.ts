import Router from '@koa/router'
import { UpdateMeRequest } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { authOf, type AppState } from '../../http/context.js'
import { jsonBody } from '../../http/validate.js'
import type { MeService } from './me.service.js'

export function meRoutes(service: MeService, auth: Middleware<AppState>): Router<AppState> {
  const router = new Router<AppState>()

  router.get('/api/me', auth, (ctx) => {
    ctx.body = service.get(authOf(ctx).user)
  })

  router.patch('/api/me', auth, async (ctx) => {
    ctx.body = await service.update(authOf(ctx).user, jsonBody(ctx, UpdateMeRequest))
  })

  return router
}
