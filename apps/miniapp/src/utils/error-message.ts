import { isApiError, type ClientErrorCode } from '@wxlogin/shared/client'
import { LoginCodeError } from '@/services/login-code-error'

/** What the user was doing: some codes read differently per action. */
export type UserAction =
  'login' | 'load' | 'nickname' | 'avatar' | 'phone' | 'sessions' | 'delete' | 'agreement'

const SERVER_TROUBLE = '服务器开小差了，请稍后重试'
const SIGNED_OUT = '登录已失效，请重新登录'

const MESSAGES: Partial<Record<ClientErrorCode, string>> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: SERVER_TROUBLE,
  INTERNAL: SERVER_TROUBLE,
  DB_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  WX_CODE_INVALID: '微信登录凭证无效或已过期，请重试',
  WX_CODE_USED: '微信登录凭证已被使用，请重试',
  WX_RATE_LIMITED: '微信登录太频繁，请稍后再试',
  WX_UNAVAILABLE: '微信服务暂时不可用，请稍后重试',
  WX_UPSTREAM_ERROR: '微信服务返回异常，请稍后重试',
  WX_USER_BLOCKED: '该微信账号存在安全风险，暂时无法登录',
  USER_DISABLED: '账号已被停用，如有疑问请联系客服',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  AUTH_REQUIRED: SIGNED_OUT,
  AUTH_TOKEN_INVALID: SIGNED_OUT,
  AUTH_TOKEN_EXPIRED: SIGNED_OUT,
  REFRESH_TOKEN_INVALID: SIGNED_OUT,
  REFRESH_TOKEN_REUSED: SIGNED_OUT,
  PHONE_CODE_INVALID: '手机号授权已失效，请重新授权',
  CONFLICT: '该手机号已绑定其他账号',
  PAYLOAD_TOO_LARGE: '图片太大，请选择 2 MB 以内的图片',
  UNSUPPORTED_MEDIA_TYPE: '仅支持 PNG、JPEG 或 WebP 格式的图片',
  NOT_FOUND: '该功能暂未开放，请稍后再试',
  FORBIDDEN: '没有权限进行此操作',
  CONTENT_RISKY: '内容不符合规范，请修改后再试',
}

const VALIDATION: Record<UserAction, string> = {
  login: SERVER_TROUBLE,
  load: SERVER_TROUBLE,
  nickname: '昵称需为 1–32 个字符，且不能包含特殊字符',
  avatar: '图片不符合要求，请换一张',
  phone: '手机号授权失败，请重试',
  sessions: SERVER_TROUBLE,
  delete: SERVER_TROUBLE,
  agreement: SERVER_TROUBLE,
}

/** Codes that read differently for one action. */
const PER_ACTION: Partial<Record<UserAction, Partial<Record<ClientErrorCode, string>>>> = {
  // WeChat's content check (msgSecCheck) judged it risky; nothing was saved, the draft stays.
  nickname: { CONTENT_RISKY: '该昵称包含不合适的内容，请修改后再试' },
  sessions: { NOT_FOUND: '该设备已经退出登录' },
  // The fresh wx.login code belongs to another WeChat user (or mini-program) than the account.
  delete: { FORBIDDEN: '请使用登录本账号的微信进行注销' },
}

/** A clear Chinese sentence for any failure the pages can meet; never a raw server message. */
export function errorMessage(error: unknown, action: UserAction): string {
  if (error instanceof LoginCodeError) return '无法获取微信登录凭证，请重试'
  if (!isApiError(error)) return '操作失败，请重试'
  if (error.code === 'VALIDATION_FAILED') return VALIDATION[action]
  return PER_ACTION[action]?.[error.code] ?? MESSAGES[error.code] ?? SERVER_TROUBLE
}

/**
 * Failures that retrying cannot fix: the page offers no retry for them. WeChat flags the user
 * as high risk (40226) for a while; a disabled account stays disabled until an admin acts.
 */
export const isFinalFailure = (error: unknown): boolean =>
  isApiError(error) && (error.code === 'WX_USER_BLOCKED' || error.code === 'USER_DISABLED')

/** Seconds to wait before trying again (WeChat's 45011 or our own limit), when the server said. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!isApiError(error)) return null
  if (error.code !== 'WX_RATE_LIMITED' && error.code !== 'RATE_LIMITED') return null
  return error.retryAfterSeconds ?? null
}
