import { createHash } from 'node:crypto'
import type { AvatarResponse } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import type { Store, UserRecord } from '../../store/store.js'
import { sniffImage } from './image-type.js'

export function createAvatarService(deps: { store: Store; files: FileStore }) {
  const { store, files } = deps
  return {
    /**
     * Stores the image under its content hash and makes it the user's avatar. Same bytes, same
     * URL: re-uploading is idempotent and the URL can be cached forever.
     */
    async upload(
      user: UserRecord,
      bytes: Uint8Array,
      requestOrigin: string,
    ): Promise<AvatarResponse> {
      const type = await sniffImage(bytes)
      if (!type)
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'The avatar must be a PNG, JPEG or WebP image.',
        )
      const key = `${createHash('sha256').update(bytes).digest('hex')}.${type.ext}`
      await files.put(key, bytes, type.mime)
      const avatarUrl = files.url(key, requestOrigin)
      const updated = await store.users.updateProfile(user.id, { avatarUrl })
      if (!updated) throw new AppError('NOT_FOUND')
      return { avatarUrl }
    },
  }
}

export type AvatarService = ReturnType<typeof createAvatarService>
