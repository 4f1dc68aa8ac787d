import type { DeleteAccountRequest, User } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../clock.js'
import type { WxApp } from '../../config.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { RequestMeta } from '../../request-meta.js'
import type { Store, UserRecord } from '../../store/store.js'
import type { WechatClient } from '../../wechat/wechat-client.js'
import { releaseAvatar } from '../avatar/release-avatar.js'
import { toUser } from '../users/user-view.js'
import { agreementAudit } from './agreement.js'
import { userApps } from '../users/user-app.js'

export interface AccountServiceDeps {
  store: Store
  wechat: WechatClient
  apps: WxApp[]
  files: FileStore
  clock: Clock
  logger: Logger
}

/** Consent records and account deletion (docs/account-lifecycle.md). */
export function createAccountService(deps: AccountServiceDeps) {
  const { store, wechat, clock, logger } = deps
  const appOf = userApps(deps.apps, logger)

  /**
   * Re-authentication for deletion: `code` must be a fresh wx.login code of this very WeChat
   * user, so that an access token alone (stolen from a log, a proxy, a shared phone) cannot
   * delete an account. It is exchanged with WeChat directly, not through the login's code cache:
   * a code already used (for a login, whose request a thief may have seen) is WX_CODE_USED.
   */
  async function confirmSameWechatUser(user: UserRecord, input: DeleteAccountRequest) {
    if ((input.appId ?? user.appId) !== user.appId)
      throw new AppError('FORBIDDEN', 'This code is for another mini-program.')
    const result = await wechat.code2Session(appOf(user), input.code)
    if (result.kind === 'code-used') throw result.error
    if (result.session.openid !== user.openid) {
      logger.warn({ userId: user.id }, 'account deletion refused: a code of another WeChat user')
      throw new AppError('FORBIDDEN', 'This code belongs to another WeChat user.')
    }
  }

  return {
    async acceptAgreement(user: UserRecord, version: string, meta: RequestMeta): Promise<User> {
      const agreement = { version, acceptedAt: clock.now() }
      const after = await store.users.acceptAgreement(user.id, agreement)
      if (!after) throw new AppError('NOT_FOUND')
      await store.audit.append(agreementAudit(after, agreement, meta, 'me'))
      return toUser(after)
    },

    /**
     * Deletes the account once WeChat confirmed the code (store.users.deleteAccount: all or
     * nothing, audited). Then the avatar file goes unless another user shows the same image;
     * that step is best effort, like every avatar release.
     */
    async deleteAccount(user: UserRecord, input: DeleteAccountRequest): Promise<void> {
      await confirmSameWechatUser(user, input)
      const erased = await store.users.deleteAccount(user.id, clock.now())
      // Null: a concurrent request of the same user deleted it first; the outcome is the same.
      if (erased)
        await releaseAvatar(deps, { before: erased, after: { ...erased, avatarUrl: null } })
      logger.info({ userId: user.id }, 'account deleted')
    },
  }
}

export type AccountService = ReturnType<typeof createAccountService>
