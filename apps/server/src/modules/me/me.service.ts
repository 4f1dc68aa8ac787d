import type { UpdateMeRequest, User } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Store, UserRecord } from '../../store/store.js'
import { toUser } from '../users/user-view.js'

export function createMeService(deps: { store: Store }) {
  const { store } = deps
  return {
    get: (user: UserRecord): User => toUser(user),

    async update(user: UserRecord, patch: UpdateMeRequest): Promise<User> {
      const updated = await store.users.updateProfile(user.id, patch)
      if (!updated) throw new AppError('NOT_FOUND')
      return toUser(updated)
    },
  }
}

export type MeService = ReturnType<typeof createMeService>
