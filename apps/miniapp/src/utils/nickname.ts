import { Nickname } from '@wxlogin/shared/dto'

/** What WeChat returns for every user since 2022 instead of the real nickname (docs/wechat.md). */
export const PLACEHOLDER_NICKNAME = '微信用户'

/**
 * Why this draft cannot be saved, or null. The server's own rule (the shared `Nickname` schema)
 * plus one of ours: the anonymous placeholder is not a nickname the user chose.
 */
export function nicknameProblem(draft: string): string | null {
  const nickname = draft.trim()
  if (!nickname) return '请输入昵称'
  if (nickname === PLACEHOLDER_NICKNAME) return '请设置你自己的昵称，不能使用“微信用户”'
  if ([...nickname].length > 32) return '昵称最多 32 个字'
  return Nickname.safeParse(nickname).success ? null : '昵称不能包含特殊字符或不可见字符'
}
