import { isApiError } from '@wxlogin/shared/client'

/**
 * Why the signed-in session is over, in the words the pages use:
 * - `expired`: it reached its natural end (the refresh token's absolute lifetime);
 * - `revoked`: it ended early, elsewhere (登录设备 on another phone, logout-all, an admin);
 * - `security`: a refresh token was replayed, so the server ended the whole sign-in;
 * - `disabled`: the account is disabled (whichever call found out: login, refresh or any other);
 * - `deleted`: the user deleted the account on this device;
 * - `relogin-failed`: it expired and the one silent re-login did not work.
 */
export type EndReason =
  'expired' | 'revoked' | 'security' | 'disabled' | 'deleted' | 'relogin-failed'

/** The server's clock and ours may differ a little; near the end, "expired" is the honest guess. */
const CLOCK_SLACK_MS = 60_000

/**
 * The reason a signed-in call failed for good, or null when the session is not what failed.
 * `sessionEndsAt` is when the session would have ended by itself (saved at login), if known.
 */
export function endReasonOf(
  error: unknown,
  sessionEndsAt: number | null,
  now: number,
): EndReason | null {
  if (!isApiError(error)) return null
  switch (error.code) {
    case 'USER_DISABLED':
      return 'disabled'
    case 'REFRESH_TOKEN_REUSED':
      return 'security'
    case 'AUTH_REQUIRED':
    case 'AUTH_TOKEN_INVALID':
    case 'REFRESH_TOKEN_INVALID':
      // The server says only "this session has ended"; before its natural end, someone ended it.
      return sessionEndsAt !== null && now < sessionEndsAt - CLOCK_SLACK_MS ? 'revoked' : 'expired'
    default:
      return null
  }
}

/** The sentence shown for each reason (the page adds the actions that fit). */
export const END_REASON_TEXT: Record<EndReason, { title: string; detail: string }> = {
  expired: { title: '登录已过期', detail: '请重新登录后继续使用。' },
  revoked: {
    title: '你已在其他设备上退出登录',
    detail: '此设备的登录已被移除。如果不是你本人操作，请重新登录后在「登录设备」中检查。',
  },
  security: {
    title: '为了账号安全，登录已结束',
    detail: '我们发现登录凭证被重复使用，已结束这次登录。请重新登录。',
  },
  disabled: {
    title: '账号已被停用',
    detail: '该账号暂时无法使用。如有疑问请联系客服；也可以切换到其他微信账号。',
  },
  deleted: { title: '账号已注销', detail: '你的个人信息已删除。感谢你的使用。' },
  'relogin-failed': { title: '登录已失效', detail: '自动重新登录没有成功，请重新登录。' },
}
