import { z } from 'zod'
import { IsoDateTime, PageQuery } from './common.js'

/** What a moderation item holds: a nickname, a bio, or an avatar (its URL). */
export const ModerationKind = z.enum(['nickname', 'bio', 'avatar'])
export type ModerationKind = z.infer<typeof ModerationKind>

/** WeChat's suggestion: `review` (a human should look) or `risky` (already removed). */
export const ModerationSuggest = z.enum(['review', 'risky'])
export type ModerationSuggest = z.infer<typeof ModerationSuggest>

export const ModerationStatus = z.enum(['open', 'approved', 'rejected'])
export type ModerationStatus = z.infer<typeof ModerationStatus>

/**
 * Why an item is in the queue: WeChat said `review`; WeChat would not judge because the user had
 * not used the mini-program lately (61010, `unchecked`); no verdict arrived in time
 * (`no_verdict`); WeChat could not check the image (`check_failed`); WeChat judged an avatar
 * risky and it was removed (`risky`, a closed item kept for the record).
 */
export const ModerationReason = z.enum([
  'review',
  'unchecked',
  'no_verdict',
  'check_failed',
  'risky',
])
export type ModerationReason = z.infer<typeof ModerationReason>

export const ModerationItem = z.object({
  id: z.string(),
  userId: z.string(),
  kind: ModerationKind,
  /** The text, or the avatar's URL. */
  content: z.string(),
  suggest: ModerationSuggest,
  /** WeChat's label (100 normal, 20001 politics, …); null when WeChat gave none. */
  label: z.number().int().nullable(),
  status: ModerationStatus,
  reason: ModerationReason,
  createdAt: IsoDateTime,
  decidedAt: IsoDateTime.nullable(),
  /** The admin who decided; null while open, or when WeChat's verdict closed it. */
  decidedBy: z.string().nullable(),
})
export type ModerationItem = z.infer<typeof ModerationItem>

/** `open`: waiting for a decision, oldest first; `closed`: decided, newest first. */
export const ModerationQuery = PageQuery.extend({
  status: z.enum(['open', 'closed']).default('open'),
})
export type ModerationQuery = z.infer<typeof ModerationQuery>

export const ModerationList = z.object({
  items: z.array(ModerationItem),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
})
export type ModerationList = z.infer<typeof ModerationList>

export const ModerationDecisionRequest = z
  .object({ decision: z.enum(['approve', 'reject']) })
  .strict()
export type ModerationDecisionRequest = z.infer<typeof ModerationDecisionRequest>

/** `details` of a 422 CONTENT_RISKY: the field to show the message next to, and WeChat's label. */
export const ContentRiskyDetails = z.object({
  field: z.enum(['nickname', 'bio']),
  label: z.number().int().optional(),
})
export type ContentRiskyDetails = z.infer<typeof ContentRiskyDetails>
