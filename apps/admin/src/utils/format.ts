import { AuditAction, type Role, type UserStatus } from '@wxlogin/shared/dto'

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** An ISO time from the server, in the operator's own time zone (the browser's). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '—' : DATE_TIME.format(date)
}

/** The operator's local midnight today, as the server's `dayStart`. */
export function localMidnight(now = new Date()): string {
  const midnight = new Date(now)
  midnight.setHours(0, 0, 0, 0)
  return midnight.toISOString()
}

export const STATUS_LABELS: Record<UserStatus, string> = { active: '正常', disabled: '已禁用' }
export const ROLE_LABELS: Record<Role, string> = { user: '普通用户', admin: '管理员' }
export const GENDER_LABELS = ['未知', '男', '女'] as const

/** Known actions in Chinese; an action this build does not know is shown as sent. */
const ACTION_LABELS: Partial<Record<AuditAction, string>> & Record<string, string> = {
  login: '登录',
  login_refused: '登录被拒（账号已禁用）',
  refresh_reuse_detected: '刷新令牌重用（会话已吊销）',
  phone_bound: '绑定手机号',
  admin_update_user: '管理员修改用户',
  role_granted: '授予管理员',
  role_revoked: '撤销管理员',
  logout_all: '退出全部设备',
  admin_login_approved: '批准后台扫码登录',
  admin_login_refused: '后台扫码登录被拒（非管理员）',
  admin_login_link_issued: '签发后台登录链接',
  session_revoked: '吊销会话',
  account_deleted: '注销账号',
  agreement_accepted: '同意用户协议',
  moderation_decided: '内容审核处理',
}

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action

/** The actions the audit filter offers: exactly those the server's schema accepts. */
export const ACTION_OPTIONS = AuditAction.options.map((value) => ({
  value,
  label: actionLabel(value),
}))
