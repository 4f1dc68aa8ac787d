import { isApiError } from '@wxlogin/shared/client'
import type { ErrorCode } from '@wxlogin/shared/errors'

const MESSAGES: Partial<Record<ErrorCode | 'NETWORK_ERROR', string>> = {
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '未找到，可能已被删除或已过期',
  CONFLICT: '操作与现有数据冲突',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  VALIDATION_FAILED: '输入不正确',
  USER_DISABLED: '账号已被禁用',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  WX_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  WX_UPSTREAM_ERROR: '微信返回了异常结果，请稍后再试',
  INTERNAL: '服务器出错了，请稍后再试',
}

/** A Chinese sentence for any failure, with the server's words when we have none. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) {
    const known = MESSAGES[err.code as keyof typeof MESSAGES]
    if (err.code === 'CONFLICT' && err.message) return `${known ?? ''}：${err.message}`
    return known ?? err.message
  }
  return '网络错误，请检查连接后重试'
}
