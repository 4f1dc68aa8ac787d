import type { Clock } from '../../clock.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { Store, UserRecord } from '../../store/store.js'
import { avatarFileOf, releaseFile } from '../avatar/release-avatar.js'

/** More users than this showing one uploaded image is not a real case; they are handled in turns. */
const SHARED_FILE_LIMIT = 1000

export interface RemovalDeps {
  store: Store
  files: FileStore
  clock: Clock
  logger: Logger
}

/**
 * Who removed an image: WeChat's verdict (which leaves users whose copy was approved, by WeChat
 * or by an admin, alone), or an admin (whose decision is about the image, so every user showing
 * it loses it).
 */
export type Remover = { by: 'wechat'; traceId: string; label: number | null } | { by: 'admin' }

/**
 * Removes a judged avatar: every user showing it (uploads are content-addressed, so other users
 * may show the same file) has their avatar reverted to none with `avatarReview: rejected`, each
 * only if their avatar is still that image (a conditional write), and the file is deleted unless
 * someone still shows it (an approved copy, after a WeChat verdict). Returns who was reverted.
 * For an image that is not one of our files (an avatarUrl set by URL), only `owner` is reverted.
 */
export async function removeAvatar(
  deps: RemovalDeps,
  url: string,
  owner: string,
  remover: Remover,
): Promise<UserRecord[]> {
  const { store } = deps
  const file = avatarFileOf(url)
  const shown = file
    ? await store.users.listByAvatarFile(file, SHARED_FILE_LIMIT)
    : [await store.users.findById(owner)].filter((u): u is UserRecord => u?.avatarUrl === url)
  const reverted: UserRecord[] = []
  for (const user of shown) {
    if (remover.by === 'wechat' && user.avatarReview === 'approved') continue
    const change = await store.users.updateProfileIf(
      user.id,
      { avatarUrl: user.avatarUrl, avatarReview: user.avatarReview },
      { avatarUrl: null, avatarReview: 'rejected' },
    )
    if (change) reverted.push(change.after)
  }
  if (remover.by === 'wechat')
    await Promise.all(
      reverted.map((user) =>
        store.audit.append({
          at: deps.clock.now(),
          action: 'avatar_rejected',
          actorId: null,
          targetId: user.id,
          ip: null,
          details: {
            traceId: remover.traceId,
            label: remover.label,
            sharedFile: user.id !== owner,
          },
        }),
      ),
    )
  // The users no longer show it; a file that could not be deleted stays reachable by its URL.
  if (file)
    await releaseFile(deps, file, {
      level: 'error',
      msg: 'could not delete a rejected avatar file',
    })
  return reverted
}
