import { createHash } from 'node:crypto'
import type { AvatarResponse } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { Store, UserRecord } from '../../store/store.js'
import type { ContentService } from '../content/content.service.js'
import { sniffImage } from './image-type.js'
import { avatarFileOf, releaseAvatar, releaseFile } from './release-avatar.js'

/**
 * A decompression bomb is a small file whose header declares a huge canvas (a 1 KB PNG of
 * 50000×50000 pixels is 10 GB once decoded): whoever displays or resizes it runs out of memory.
 * 4096 px a side is far above what an avatar needs (WeChat shows them at 132 px).
 */
export const AVATAR_MAX_SIDE = 4096

/**
 * 400 VALIDATION_FAILED, not 415: the type is one we accept, the value is out of range (like a
 * 33-character nickname). A client that maps 415 to "pick a PNG, JPEG or WebP" would mislead.
 */
function tooManyPixels({ width, height }: { width: number; height: number }): AppError {
  const message = `The avatar is ${width}×${height} pixels; at most ${AVATAR_MAX_SIDE}×${AVATAR_MAX_SIDE} is accepted.`
  return new AppError('VALIDATION_FAILED', message, {
    details: { formErrors: [], fieldErrors: { file: [message] } },
  })
}

export function createAvatarService(deps: {
  store: Store
  files: FileStore
  logger: Logger
  content: Pick<ContentService, 'checkAvatar'>
}) {
  const { store, files, content } = deps

  async function gone(key: string): Promise<never> {
    await releaseFile(deps, key)
    throw new AppError('NOT_FOUND')
  }

  return {
    /**
     * Stores the image under its content hash and makes it the user's avatar. Same bytes, same
     * URL: re-uploading is idempotent and the URL can be cached forever. The file it replaces is
     * deleted when nobody else uses it (releaseAvatar). The avatar is shown at once and sent to
     * WeChat for checking (`avatarReview: pending`); if WeChat cannot take it, nothing changes.
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
      if (type.width > AVATAR_MAX_SIDE || type.height > AVATAR_MAX_SIDE) throw tooManyPixels(type)
      const key = `${createHash('sha256').update(bytes).digest('hex')}.${type.ext}`
      await files.put(key, bytes, type.mime)
      const avatarUrl = files.url(key, requestOrigin)
      // The same image again (a retried upload): its check stands.
      if (avatarUrl === user.avatarUrl && user.avatarReview !== null) return { avatarUrl }
      // WeChat cannot take the check: the upload did not happen, its file goes.
      const check = await content.checkAvatar(user, avatarUrl).catch(async (err: unknown) => {
        await releaseFile(deps, key)
        throw err
      })
      const change = await store.users.updateProfile(user.id, {
        avatarUrl,
        avatarReview: check.review,
      })
      // The account was deleted while this upload ran (DELETE /api/me): leave no file behind.
      if (!change) return gone(key)
      // Again, now that the reference is committed: another user replacing this same file may
      // have seen no reference and deleted it after the put above (FileStore.deleteUnlessUsed).
      // Idempotent, and a stat when the file is there.
      await files.put(key, bytes, type.mime)
      await releaseAvatar(deps, change)
      await check.committed(user.id)
      // Between the reference and the put above, this file may have been released and then
      // written back: by an account deletion (DELETE /api/me), or by another upload of this user
      // that replaced it (parallel uploads). Both evict the cached user on this instance.
      const now = await store.users.findById(user.id)
      if (!now) return gone(key)
      if (avatarFileOf(now.avatarUrl) !== key) await releaseFile(deps, key)
      return { avatarUrl }
    },
  }
}

export type AvatarService = ReturnType<typeof createAvatarService>
