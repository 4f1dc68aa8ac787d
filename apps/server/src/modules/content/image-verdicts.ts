import type { ContentMetrics } from '../../metrics/content-metrics.js'
import type { MediaCheckRecord } from '../../store/store.js'
import { removeAvatar, type RemovalDeps } from './avatar-removal.js'
import { queueItem, recordRemoved } from './moderation-items.js'

export interface VerdictDeps extends RemovalDeps {
  metrics: ContentMetrics
}

/** How many expired checks one sweep handles per round (it goes on while rounds are full). */
const SWEEP_BATCH = 100

/**
 * Applies a settled check's verdict and marks it applied. Applying is idempotent (conditional
 * writes, one open item per content), so a check left settled by a failure half-way is simply
 * applied again by WeChat's retried push. `again` applies an applied one once more: for an upload
 * whose verdict came before its profile write, when the first application found nothing to change.
 */
export async function finishVerdict(
  deps: VerdictDeps,
  check: MediaCheckRecord,
  again = false,
): Promise<void> {
  if (check.status !== 'settled' && !(again && check.status === 'applied')) return
  await applyImageVerdict(deps, check)
  await deps.store.mediaChecks.markApplied(check.traceId)
}

/**
 * Applies WeChat's verdict on an avatar to its user (docs/content-security.md):
 * - pass: `avatarReview` becomes approved, if the user still shows that image, still pending;
 * - review: queued for an admin, the avatar stays shown as pending;
 * - risky: removed (removeAvatar) and recorded as a closed item;
 * - no verdict (WeChat could not fetch or check the image): queued for an admin.
 */
async function applyImageVerdict(deps: VerdictDeps, check: MediaCheckRecord): Promise<void> {
  const { store, clock } = deps
  const item = {
    userId: check.userId,
    kind: 'avatar' as const,
    content: check.mediaUrl,
    label: check.label,
    traceId: check.traceId,
  }
  switch (check.suggest) {
    case 'pass':
      await store.users.updateProfileIf(
        check.userId,
        { avatarUrl: check.mediaUrl, avatarReview: 'pending' },
        { avatarReview: 'approved' },
      )
      return
    case 'review':
      await queueItem(store, { ...item, reason: 'review' }, clock.now())
      return
    case 'risky': {
      const remover = { by: 'wechat', traceId: check.traceId, label: check.label } as const
      const reverted = await removeAvatar(deps, check.mediaUrl, check.userId, remover)
      if (reverted.length > 0) await recordRemoved(store, item, clock.now())
      return
    }
    case null:
      await queueItem(store, { ...item, reason: 'check_failed' }, clock.now())
      return
  }
}

/**
 * The bound on waiting: checks still pending `timeoutMs` after they were sent are marked expired
 * and, when the user still shows that image, queued for an admin (`no_verdict`); the avatar stays
 * shown as pending until the admin decides. A verdict that arrives later still applies. Each
 * expired check is handled by one instance only (the store's expire()).
 */
export async function expireStaleChecks(deps: VerdictDeps, timeoutMs: number): Promise<number> {
  const { store, clock } = deps
  let handled = 0
  for (;;) {
    const expired = await store.mediaChecks.expire(
      new Date(clock.now().getTime() - timeoutMs),
      SWEEP_BATCH,
    )
    for (const check of expired) {
      deps.metrics.check('avatar', 'no_verdict')
      const user = await store.users.findById(check.userId)
      if (user?.avatarUrl !== check.mediaUrl || user.avatarReview !== 'pending') continue
      await queueItem(
        store,
        {
          userId: check.userId,
          kind: 'avatar',
          content: check.mediaUrl,
          label: null,
          reason: 'no_verdict',
          traceId: check.traceId,
        },
        clock.now(),
      )
    }
    handled += expired.length
    if (expired.length < SWEEP_BATCH) return handled
  }
}
