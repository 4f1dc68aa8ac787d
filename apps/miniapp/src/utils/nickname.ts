import { Nickname, WECHAT_PLACEHOLDER_NICKNAME } from '@wxlogin/shared/dto'

/**
 * Why this draft cannot be saved, or null: the server's own rule (the shared `Nickname` schema),
 * with a sentence for each case. WeChat's anonymous placeholder `微信用户` is not a nickname the
 * user chose (docs/wechat.md, "Profile data since 2022").
 */
export function nicknameProblem(draft: string): string | null {
  const nickname = draft.trim()
  if (!nickname) return '请输入昵称'
  if (nickname === WECHAT_PLACEHOLDER_NICKNAME) return '请设置你自己的昵称，不能使用“微信用户”'
  if ([...nickname].length > 32) return '昵称最多 32 个字'
  return Nickname.safeParse(nickname).success ? null : '昵称不能包含特殊字符或不可见字符'
}
