import { z } from 'zod'
import {
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  AdminUsersQuery,
  AuditList,
  AuditQuery,
  AvatarResponse,
  BindPhoneRequest,
  HealthResponse,
  LegacyWxLoginRequest,
  LegacyWxLoginResponse,
  RefreshRequest,
  RefreshResponse,
  UpdateMeRequest,
  User,
  WxLoginRequest,
  WxLoginResponse,
} from '../dto/index.js'
import type { ErrorCode } from '../errors.js'
import { ErrorBodySchema } from '../errors.js'

/** The avatar upload form (multipart): not a JSON DTO, so it is described here. */
const AvatarUpload = z.object({
  file: z.string().meta({
    format: 'binary',
    contentMediaType: 'application/octet-stream',
    description: 'PNG, JPEG or WebP, at most 2 MiB; the type is checked by content, not by name.',
  }),
})

/** Request bodies, rendered as clients send them (zod input side). */
export const REQUEST_SCHEMAS = {
  WxLoginRequest,
  LegacyWxLoginRequest,
  RefreshRequest,
  UpdateMeRequest,
  BindPhoneRequest,
  AvatarUpload,
  AdminUpdateUserRequest,
} satisfies Record<string, z.ZodType>

/** Response bodies, rendered as the server sends them (zod output side). */
export const RESPONSE_SCHEMAS = {
  WxLoginResponse,
  LegacyWxLoginResponse,
  RefreshResponse,
  User,
  AdminUser,
  AdminUserList,
  AuditList,
  AvatarResponse,
  HealthResponse,
  ErrorBody: ErrorBodySchema,
} satisfies Record<string, z.ZodType>

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS

/** Who may call: anyone, a signed-in user, an admin, or a scraper holding METRICS_TOKEN (when set). */
export type OperationAuth = 'none' | 'bearer' | 'admin' | 'metrics'

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete'
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string
  operationId: string
  tag: 'auth' | 'profile' | 'admin' | 'operations'
  summary: string
  description?: string
  auth: OperationAuth
  body?: { schema: RequestSchemaName; contentTypes?: string[] }
  query?: z.ZodObject
  /** A JSON schema name, or a non-JSON media type with a description; absent for 204. */
  response:
    | { status: 200; schema: ResponseSchemaName }
    | { status: 200; contentType: string; description: string }
    | { status: 204; description: string }
  /** Codes beyond those implied by `auth` and `body` (see build-openapi.ts). */
  errors: ErrorCode[]
}

const JSON_OR_FORM = ['application/json', 'application/x-www-form-urlencoded']
const WX_LOGIN_ERRORS: ErrorCode[] = [
  'WX_CODE_INVALID',
  'WX_CODE_USED',
  'WX_USER_BLOCKED',
  'WX_RATE_LIMITED',
  'WX_UPSTREAM_ERROR',
  'WX_UNAVAILABLE',
  'USER_DISABLED',
  'DB_UNAVAILABLE',
]

/**
 * Every operation the server serves (CONTRACT.md). The server's OpenAPI test fails when this
 * table and the mounted routers disagree, in either direction.
 */
export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/auth/wx-login',
    operationId: 'wxLogin',
    tag: 'auth',
    summary: 'Sign in with a wx.login code',
    description:
      'Exchanges the `wx.login` code with WeChat (code2Session) and returns a token pair. The same code sent again within its 5-minute life returns the same user.',
    auth: 'none',
    body: { schema: 'WxLoginRequest' },
    response: { status: 200, schema: 'WxLoginResponse' },
    errors: WX_LOGIN_ERRORS,
  },
  {
    method: 'post',
    path: '/api/wx_login/',
    operationId: 'legacyWxLogin',
    tag: 'auth',
    summary: "Sign in (the Django tutorial's endpoint, for existing clients)",
    description: '`user_info` is the rawData JSON string, an object, or absent. Failures use the error body, never 204.',
    auth: 'none',
    body: { schema: 'LegacyWxLoginRequest', contentTypes: JSON_OR_FORM },
    response: { status: 200, schema: 'LegacyWxLoginResponse' },
    errors: WX_LOGIN_ERRORS,
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    operationId: 'refresh',
    tag: 'auth',
    summary: 'Rotate a refresh token for a new token pair',
    description:
      'Each refresh token is single-use. Presenting a rotated-away token again (outside a 30 s grace window for the immediate parent) revokes the whole session family.',
    auth: 'none',
    body: { schema: 'RefreshRequest' },
    response: { status: 200, schema: 'RefreshResponse' },
    errors: ['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED', 'USER_DISABLED', 'DB_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Revoke the current session',
    auth: 'bearer',
    response: { status: 204, description: 'The session and its refresh tokens are revoked.' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/auth/logout-all',
    operationId: 'logoutAll',
    tag: 'auth',
    summary: 'Revoke every session of the user',
    auth: 'bearer',
    response: { status: 204, description: 'All sessions are revoked.' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    tag: 'profile',
    summary: 'The signed-in user',
    auth: 'bearer',
    response: { status: 200, schema: 'User' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'patch',
    path: '/api/me',
    operationId: 'updateMe',
    tag: 'profile',
    summary: 'Update the profile',
    auth: 'bearer',
    body: { schema: 'UpdateMeRequest' },
    response: { status: 200, schema: 'User' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/me/avatar',
    operationId: 'uploadAvatar',
    tag: 'profile',
    summary: 'Upload an avatar image and set it',
    auth: 'bearer',
    body: { schema: 'AvatarUpload', contentTypes: ['multipart/form-data'] },
    response: { status: 200, schema: 'AvatarResponse' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/me/phone',
    operationId: 'bindPhone',
    tag: 'profile',
    summary: 'Bind the phone number from a getPhoneNumber code',
    description: 'The code comes from the getPhoneNumber button, not from wx.login.',
    auth: 'bearer',
    body: { schema: 'BindPhoneRequest' },
    response: { status: 200, schema: 'User' },
    errors: ['PHONE_CODE_INVALID', 'CONFLICT', 'WX_RATE_LIMITED', 'WX_UPSTREAM_ERROR', 'WX_UNAVAILABLE', 'DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/api/admin/users',
    operationId: 'listUsers',
    tag: 'admin',
    summary: 'Search users',
    description: '`q` matches the nickname (substring, case-insensitive), or the openid, unionid or phone exactly.',
    auth: 'admin',
    query: AdminUsersQuery,
    response: { status: 200, schema: 'AdminUserList' },
    errors: ['VALIDATION_FAILED', 'DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/api/admin/users/{id}',
    operationId: 'getUser',
    tag: 'admin',
    summary: 'One user, with identity and full phone number',
    auth: 'admin',
    response: { status: 200, schema: 'AdminUser' },
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  },
  {
    method: 'patch',
    path: '/api/admin/users/{id}',
    operationId: 'updateUser',
    tag: 'admin',
    summary: "Change a user's status or roles",
    description: 'Disabling a user revokes all their sessions.',
    auth: 'admin',
    body: { schema: 'AdminUpdateUserRequest' },
    response: { status: 200, schema: 'AdminUser' },
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    operationId: 'listAudit',
    tag: 'admin',
    summary: 'The audit log, newest first',
    auth: 'admin',
    query: AuditQuery,
    response: { status: 200, schema: 'AuditList' },
    errors: ['VALIDATION_FAILED', 'DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tag: 'operations',
    summary: 'Liveness: 200 while the process runs',
    auth: 'none',
    response: { status: 200, schema: 'HealthResponse' },
    errors: [],
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tag: 'operations',
    summary: 'Readiness: 200 when the database answers',
    auth: 'none',
    response: { status: 200, schema: 'HealthResponse' },
    errors: ['DB_UNAVAILABLE'],
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'operations',
    summary: 'Prometheus metrics',
    description: 'Needs `Authorization: Bearer <METRICS_TOKEN>` when the server has METRICS_TOKEN set; public otherwise.',
    auth: 'metrics',
    response: { status: 200, contentType: 'text/plain', description: 'Prometheus text exposition format.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tag: 'operations',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    response: { status: 200, contentType: 'application/json', description: 'The OpenAPI document.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tag: 'operations',
    summary: 'This documentation page',
    auth: 'none',
    response: { status: 200, contentType: 'text/html', description: 'A page rendering /openapi.json.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs/assets/{file}',
    operationId: 'docsAsset',
    tag: 'operations',
    summary: "The docs page's script and style sheet (served locally, no CDN)",
    auth: 'none',
    response: { status: 200, contentType: '*/*', description: 'A static file.' },
    errors: ['NOT_FOUND'],
  },
]
