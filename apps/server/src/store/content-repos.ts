import type {
  ModerationKind,
  ModerationReason,
  ModerationStatus,
  ModerationSuggest,
} from '@wxlogin/shared/dto'

/*
 * The store's part of content security (docs/content-security.md): the moderation queue and the
 * image checks waiting for WeChat's pushed verdict. Both adapters implement these, and the
 * conformance suite (test/store/conformance/content.ts) holds them to it.
 */

export interface ModerationRecord {
  id: string
  userId: string
  kind: ModerationKind
  /** The text, or the avatar URL. */
  content: string
  suggest: ModerationSuggest
  label: number | null
  status: ModerationStatus
  reason: ModerationReason
  /** WeChat's trace_id of the check, for WeChat support; null when there was none. */
  traceId: string | null
  createdAt: Date
  decidedAt: Date | null
  /** The deciding admin's user id; null while open or when WeChat's verdict closed it. */
  decidedBy: string | null
}

export type NewModerationItem = Omit<ModerationRecord, 'id'>

export interface ModerationQuery {
  status: 'open' | 'closed'
  page: number
  pageSize: number
}

export interface ModerationRepo {
  /**
   * Adds an item. An open item with the same user, kind and content is not added twice (a
   * nickname sent again at every login): that one is returned instead.
   */
  add(item: NewModerationItem): Promise<ModerationRecord>
  findById(id: string): Promise<ModerationRecord | null>
  /** `open`: oldest first; `closed` (approved or rejected): newest first. */
  list(query: ModerationQuery): Promise<{ items: ModerationRecord[]; total: number }>
  /**
   * Closes an open item, once: the item as decided, or null when it is not open (decided
   * already, by another admin or instance, or unknown).
   */
  decide(
    id: string,
    decision: { status: 'approved' | 'rejected'; by: string | null; at: Date },
  ): Promise<ModerationRecord | null>
  countOpen(): Promise<number>
  /** Deletes every item of a user (account deletion: the items hold their texts and images). */
  removeForUser(userId: string): Promise<void>
}

/**
 * pending: sent, no verdict yet; expired: none arrived in time (an admin was asked); settled: the
 * verdict arrived; applied: and it was applied to the user (a retried push changes nothing).
 */
export type MediaCheckStatus = 'pending' | 'expired' | 'settled' | 'applied'

export interface MediaCheckRecord {
  /** WeChat's trace_id: the key its pushed verdict carries. */
  traceId: string
  appId: string
  userId: string
  /** The avatar URL sent to WeChat, as stored on the user. */
  mediaUrl: string
  status: MediaCheckStatus
  /** WeChat's verdict; null until settled, and when WeChat could not check the image. */
  suggest: 'pass' | 'review' | 'risky' | null
  label: number | null
  createdAt: Date
  settledAt: Date | null
}

export interface MediaCheckRepo {
  /** Records a check WeChat accepted. Adding a trace_id again is a no-op. */
  add(
    check: Pick<MediaCheckRecord, 'traceId' | 'appId' | 'userId' | 'mediaUrl' | 'createdAt'>,
  ): Promise<void>
  findByTraceId(traceId: string): Promise<MediaCheckRecord | null>
  /**
   * Records the verdict on a pending or expired check, once: the check as settled by this call,
   * or null when it was settled already (WeChat retries a push) or is unknown.
   */
  settle(
    traceId: string,
    verdict: Pick<MediaCheckRecord, 'suggest' | 'label'>,
    at: Date,
  ): Promise<MediaCheckRecord | null>
  /** A settled check whose verdict was applied: settled → applied. */
  markApplied(traceId: string): Promise<void>
  /**
   * Marks up to `limit` pending checks created before `createdBefore` as expired and returns
   * them; each is returned to one caller only, whichever instance sweeps.
   */
  expire(createdBefore: Date, limit: number): Promise<MediaCheckRecord[]>
  countPending(): Promise<number>
  /** Deletes every check of a user (account deletion). */
  removeForUser(userId: string): Promise<void>
}
