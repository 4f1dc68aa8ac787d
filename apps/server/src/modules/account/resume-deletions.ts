import type { Clock } from '../../clock.js'
import type { FileStore } from '../../files/file-store.js'
import type { Logger } from '../../logger.js'
import type { Store } from '../../store/store.js'
import { releaseAvatar } from '../avatar/release-avatar.js'

/**
 * At start-up: completes account deletions that a crash interrupted (MongoDB only; a SQLite
 * deletion is one transaction and never pending). Each was asked for by its user with a code
 * WeChat confirmed, so it is carried through, not undone. A failure is logged and left for the
 * next start: the server still starts.
 */
export async function resumeAccountDeletions(deps: {
  store: Store
  files: FileStore
  logger: Logger
  clock: Clock
}): Promise<void> {
  const { store, logger } = deps
  try {
    for (const id of await store.users.pendingDeletions()) {
      const erased = await store.users.deleteAccount(id, deps.clock.now())
      if (erased)
        await releaseAvatar(deps, { before: erased, after: { ...erased, avatarUrl: null } })
      logger.warn({ userId: id }, 'completed an account deletion that was interrupted')
    }
  } catch (err) {
    logger.error(
      { err },
      'could not complete the interrupted account deletions; next start retries',
    )
  }
}
