import type { RouteHandlers } from '../../http/handler.js'
import type { AuthService } from './auth.service.js'

type AuthRoutes =
  'wxLogin' | 'legacyWxLogin' | 'legacyWxLoginNoSlash' | 'refresh' | 'logout' | 'logoutAll'

export function authHandlers(service: AuthService): RouteHandlers<AuthRoutes> {
  // The Django tutorial's endpoint: form or JSON, `user_info` as a JSON string or object.
  const legacyWxLogin: RouteHandlers<'legacyWxLogin'>['legacyWxLogin'] = async ({ body, meta }) => {
    const res = await service.wxLogin({ code: body.code, profile: body.user_info }, meta)
    return {
      jwt: res.accessToken,
      refresh: res.refreshToken,
      user: {
        id: res.user.id,
        nick_name: res.user.nickname,
        avatar_url: res.user.avatarUrl,
        gender: res.user.gender,
      },
    }
  }

  return {
    wxLogin: ({ body, meta }) => service.wxLogin(body, meta),
    legacyWxLogin,
    legacyWxLoginNoSlash: legacyWxLogin,
    refresh: ({ body, meta }) => service.refresh(body.refreshToken, meta),
    logout: ({ auth }) => service.logout(auth.session),
    logoutAll: ({ auth, meta }) => service.logoutAll(auth.user, meta),
  }
}
