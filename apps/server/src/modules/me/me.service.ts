import type { UpdateMeRequest, User } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { Store, UserRecord } from '../../store/store.js'
import { releaseAvatar } from '../avatar/release-avatar.js'
import { toUser } from '../users/user-view.js'

export function createMeService(deps: { store: Store; files: FileStore; logger: Logger }) {
  const { store } = deps
  return {
    get: (user: UserRecord): User => toUser(user),

    async update(user: UserRecord, patch: UpdateMeRequest): Promise<User> {
      const change = await store.users.updateProfile(user.id, patch)
      if (!change) throw new AppError('NOT_FOUND')
      // Setting another avatar URL (or none) replaces an uploaded file too.
      if (patch.avatarUrl !== undefined) await releaseAvatar(deps, change)
      return toUser(change.after)
    },
  }
}

export type MeService = ReturnType<typeof createMeService>
