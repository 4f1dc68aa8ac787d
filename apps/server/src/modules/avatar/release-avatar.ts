import { FILE_KEY, type FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { ProfileChange, Store } from '../../store/store.js'

/** The stored file an avatar URL points at (`…/<sha256>.<ext>`), or null for any other URL. */
export function avatarFileOf(url: string | null): string | null {
  const name = url?.slice(url.lastIndexOf('/') + 1)
  return name && FILE_KEY.test(name) ? name : null
}

/**
 * After a user's avatar changed: deletes the file it pointed at when nobody uses it any more, so
 * each user keeps one avatar file, not one per upload (issue 12, "Disk"). Files are shared, being
 * content-addressed (two users who upload the same picture get the same URL), hence the check;
 * FileStore.deleteUnlessUsed makes it safe against an upload of the same bytes racing with it.
 *
 * Best effort: a failure leaves a file behind, which costs disk and nothing else, so it is logged
 * and the request that changed the avatar still succeeds.
 */
export async function releaseAvatar(
  deps: { store: Store; files: FileStore; logger: Logger },
  change: ProfileChange,
): Promise<void> {
  const previous = avatarFileOf(change.before.avatarUrl)
  if (!previous || previous === avatarFileOf(change.after.avatarUrl)) return
  await releaseFile(deps, previous)
}

/**
 * Deletes the stored file `key` unless some user shows it; best effort, as above. A failure is
 * logged at `level` (a rejected image left on disk is an error, a replaced one a warning).
 */
export async function releaseFile(
  deps: { store: Store; files: FileStore; logger: Logger },
  key: string,
  failure: { level: 'warn' | 'error'; msg: string } = {
    level: 'warn',
    msg: 'could not delete a replaced avatar file',
  },
): Promise<void> {
  try {
    await deps.files.deleteUnlessUsed(key, () => deps.store.users.avatarInUse(key))
  } catch (err) {
    deps.logger[failure.level]({ err, file: key }, failure.msg)
  }
}
