import {
  LegacyWxLoginRequest,
  LegacyWxLoginResponse,
  RefreshRequest,
  RefreshResponse,
  WxLoginRequest,
  WxLoginResponse,
} from '../../dto/index.js'
import type { ErrorCode } from '../../errors.js'
import { noContent, route } from '../route.js'

const WX_LOGIN_ERRORS = [
  'WX_CODE_INVALID',
  'WX_CODE_USED',
  'WX_USER_BLOCKED',
  'WX_RATE_LIMITED',
  'WX_UPSTREAM_ERROR',
  'WX_UNAVAILABLE',
  'USER_DISABLED',
  'RATE_LIMITED',
  'DB_UNAVAILABLE',
] as const satisfies readonly ErrorCode[]

const legacyWxLogin = {
  method: 'POST',
  tag: 'auth',
  auth: 'none',
  body: LegacyWxLoginRequest,
  bodyEncoding: 'json-or-form',
  reply: LegacyWxLoginResponse,
  errors: WX_LOGIN_ERRORS,
} as const

/** Sign in, refresh, sign out. */
export const authRoutes = {
  wxLogin: route({
    method: 'POST',
    path: '/api/auth/wx-login',
    tag: 'auth',
    summary: 'Sign in with a wx.login code',
    description:
      'Exchanges the `wx.login` code with WeChat (code2Session) and returns a token pair. The same code sent again within its 5-minute life returns the same user.',
    auth: 'none',
    body: WxLoginRequest,
    reply: WxLoginResponse,
    errors: WX_LOGIN_ERRORS,
  }),
  legacyWxLogin: route({
    ...legacyWxLogin,
    path: '/api/wx_login/',
    summary: "Sign in (the Django tutorial's endpoint, for existing clients)",
    description:
      '`user_info` is the rawData JSON string, an object, or absent. Failures use the error body, never 204. The trailing slash is the Django URL the existing clients call.',
  }),
  legacyWxLoginNoSlash: route({
    ...legacyWxLogin,
    path: '/api/wx_login',
    summary: 'The same as POST /api/wx_login/, for clients that drop the trailing slash',
  }),
  refresh: route({
    method: 'POST',
    path: '/api/auth/refresh',
    tag: 'auth',
    summary: 'Rotate a refresh token for a new token pair',
    description:
      'Each refresh token is single-use. Presenting a rotated-away token again (outside a 30 s grace window for the immediate parent) revokes the whole session family.',
    auth: 'none',
    body: RefreshRequest,
    reply: RefreshResponse,
    errors: [
      'REFRESH_TOKEN_INVALID',
      'REFRESH_TOKEN_REUSED',
      'USER_DISABLED',
      'RATE_LIMITED',
      'DB_UNAVAILABLE',
    ],
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: 'Revoke the current session',
    auth: 'bearer',
    reply: noContent('The session and its refresh tokens are revoked.'),
    errors: ['DB_UNAVAILABLE'],
  }),
  logoutAll: route({
    method: 'POST',
    path: '/api/auth/logout-all',
    tag: 'auth',
    summary: 'Revoke every session of the user',
    auth: 'bearer',
    reply: noContent('All sessions are revoked.'),
    errors: ['DB_UNAVAILABLE'],
  }),
}
