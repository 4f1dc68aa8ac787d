import type { User } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../clock.js'
import type { WxApp } from '../../config.js'
import type { Logger } from '../../logger.js'
import type { Store, UserRecord } from '../../store/store.js'
import type { WechatClient } from '../../wechat/wechat-client.js'
import { toUser } from '../users/user-view.js'
import { userApps } from '../users/user-app.js'

export interface PhoneServiceDeps {
  store: Store
  wechat: WechatClient
  apps: WxApp[]
  clock: Clock
  logger: Logger
}

/** Binding the number behind a getPhoneNumber button code (docs/api.md, `POST /api/me/phone`). */
export function createPhoneService(deps: PhoneServiceDeps) {
  const { store, wechat, clock, logger } = deps
  const appOf = userApps(deps.apps, logger)

  return {
    async bind(user: UserRecord, code: string, meta: { ip: string | null }): Promise<User> {
      // The phone code belongs to the user's own mini-program and openid.
      const phone = await wechat.getPhoneNumber(appOf(user), code, user.openid)
      // CONFLICT from the store when another user has this number.
      const updated = await store.users.setPhone(user.id, phone)
      if (!updated) throw new AppError('NOT_FOUND')
      // Never the number itself in the audit log or the logs.
      await store.audit.append({
        at: clock.now(),
        action: 'phone_bound',
        actorId: user.id,
        targetId: user.id,
        ip: meta.ip,
        details: {},
      })
      return toUser(updated)
    },
  }
}

export type PhoneService = ReturnType<typeof createPhoneService>
