import type { UpdateMeRequest, User } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { Profile, Store, UserRecord } from '../../store/store.js'
import { releaseAvatar } from '../avatar/release-avatar.js'
import type { ContentService } from '../content/content.service.js'
import { toUser } from '../users/user-view.js'

export function createMeService(deps: {
  store: Store
  files: FileStore
  logger: Logger
  content: Pick<ContentService, 'screenUpdate' | 'queueTexts' | 'checkAvatar'>
}) {
  const { store, content } = deps
  return {
    get: (user: UserRecord): User => toUser(user),

    /**
     * A new nickname or bio is judged by WeChat before anything is saved (CONTENT_RISKY, or
     * WeChat's error); a new avatar URL is sent for checking like an upload. Setting the avatar
     * the user already has changes nothing: re-saving a form must not reset a pending check.
     */
    async update(user: UserRecord, request: UpdateMeRequest): Promise<User> {
      const patch: Partial<Profile> = { ...request }
      if (patch.avatarUrl === user.avatarUrl) delete patch.avatarUrl
      const reviews = await content.screenUpdate(user, patch)
      const avatar =
        patch.avatarUrl === undefined ? null : await content.checkAvatar(user, patch.avatarUrl)
      if (avatar) patch.avatarReview = avatar.review
      const change = await store.users.updateProfile(user.id, patch)
      if (!change) throw new AppError('NOT_FOUND')
      await Promise.all([content.queueTexts(user.id, reviews), avatar?.committed(user.id)])
      // Setting another avatar URL (or none) replaces an uploaded file too.
      if (patch.avatarUrl !== undefined) await releaseAvatar(deps, change)
      return toUser(change.after)
    },
  }
}

export type MeService = ReturnType<typeof createMeService>
