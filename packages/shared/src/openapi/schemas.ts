import { z } from 'zod'
import {
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  AuditList,
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
import { ErrorBodySchema, type ErrorCode } from '../errors.js'

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
