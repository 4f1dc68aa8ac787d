import type { ModerationKind, ModerationReason, ModerationSuggest } from '@wxlogin/shared/dto'
import type { ModerationRecord, Store } from '../../store/store.js'

/** What to queue: the rest (open, undecided) is filled in by queueItem. */
export interface QueuedContent {
  userId: string
  kind: ModerationKind
  content: string
  suggest?: ModerationSuggest
  label: number | null
  reason: ModerationReason
  traceId: string | null
}

/** Puts content in front of an admin (an open item; the same open text is not queued twice). */
export function queueItem(store: Store, item: QueuedContent, now: Date): Promise<ModerationRecord> {
  return store.moderation.add({
    suggest: 'review',
    ...item,
    status: 'open',
    createdAt: now,
    decidedAt: null,
    decidedBy: null,
  })
}

/** Records content WeChat judged risky and that was removed: a closed item, for the record. */
export function recordRemoved(
  store: Store,
  item: Omit<QueuedContent, 'suggest' | 'reason'>,
  now: Date,
): Promise<ModerationRecord> {
  return store.moderation.add({
    ...item,
    suggest: 'risky',
    reason: 'risky',
    status: 'rejected',
    createdAt: now,
    decidedAt: now,
    decidedBy: null,
  })
}
