import Router from '@koa/router'
import { LegacyWxLoginRequest, RefreshRequest, WxLoginRequest } from '@wxlogin/shared/dto'
import type { Middleware } from 'koa'
import { authOf, clientIp, type AppContext, type AppState } from '../../http/context.js'
import { jsonBody, parseWith } from '../../http/validate.js'
import type { AuthService, RequestMeta } from './auth.service.js'

const metaOf = (ctx: AppContext): RequestMeta => ({
  ip: clientIp(ctx),
  userAgent: ctx.get('user-agent') || null,
})

/** `limits`: per-IP rate limits (http/rate-limit.ts), run before any WeChat or database call. */
export function authRoutes(
  service: AuthService,
  auth: Middleware<AppState>,
  limits: { login: Middleware<AppState>; refresh: Middleware<AppState> },
): Router<AppState> {
  const router = new Router<AppState>()

  router.post('/api/auth/wx-login', limits.login, async (ctx) => {
    ctx.body = await service.wxLogin(jsonBody(ctx, WxLoginRequest), metaOf(ctx))
  })

  // The Django tutorial's endpoint: form or JSON, `user_info` as a JSON string or object.
  router.post(['/api/wx_login/', '/api/wx_login'], limits.login, async (ctx) => {
    const { code, user_info } = parseWith(LegacyWxLoginRequest, ctx.request.body ?? {})
    const res = await service.wxLogin({ code, profile: user_info }, metaOf(ctx))
    ctx.body = {
      jwt: res.accessToken,
      refresh: res.refreshToken,
      user: {
        id: res.user.id,
        nick_name: res.user.nickname,
        avatar_url: res.user.avatarUrl,
        gender: res.user.gender,
      },
    }
  })

  router.post('/api/auth/refresh', limits.refresh, async (ctx) => {
    const { refreshToken } = jsonBody(ctx, RefreshRequest)
    ctx.body = await service.refresh(refreshToken, metaOf(ctx))
  })

  router.post('/api/auth/logout', auth, async (ctx) => {
    await service.logout(authOf(ctx).session)
    ctx.status = 204
  })

  router.post('/api/auth/logout-all', auth, async (ctx) => {
    await service.logoutAll(authOf(ctx).user, metaOf(ctx))
    ctx.status = 204
  })

  return router
}
