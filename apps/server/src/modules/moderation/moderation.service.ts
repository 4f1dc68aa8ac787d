import type {
  ModerationDecisionRequest,
  ModerationItem,
  ModerationList,
  ModerationQuery,
} from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { ModerationRecord } from '../../store/store.js'
import type { AdminActor } from '../admin/admin.service.js'
import { removeAvatar, type RemovalDeps } from '../content/avatar-removal.js'
import { PLAUSIBLE_ID } from '../users/user-app.js'

const toItem = (r: ModerationRecord): ModerationItem => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  content: r.content,
  suggest: r.suggest,
  label: r.label,
  status: r.status,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decidedBy: r.decidedBy,
})

/** The admin's moderation queue (docs/content-security.md). */
export function createModerationService(deps: RemovalDeps) {
  const { store, clock } = deps

  async function find(id: string): Promise<ModerationRecord> {
    const item = PLAUSIBLE_ID.test(id) ? await store.moderation.findById(id) : null
    if (!item) throw new AppError('NOT_FOUND', 'No moderation item with this id.')
    return item
  }

  /** An item already decided: the same decision again is answered as is, the other is 409. */
  function alreadyDecided(item: ModerationRecord, status: 'approved' | 'rejected'): ModerationItem {
    if (item.status === status) return toItem(item)
    throw new AppError('CONFLICT', `This item was already ${item.status}.`)
  }

  /**
   * What a decision does to the user: rejecting clears the field if it still holds that content
   * (a nickname or bio to null; an avatar to none, for every user showing that image, and its
   * file is deleted); approving an avatar marks it approved. Returns how many users changed.
   */
  async function apply(item: ModerationRecord): Promise<number> {
    const { userId, kind, content } = item
    if (item.status === 'approved') {
      if (kind !== 'avatar') return 0
      const change = await store.users.updateProfileIf(
        userId,
        { avatarUrl: content, avatarReview: 'pending' },
        { avatarReview: 'approved' },
      )
      return change ? 1 : 0
    }
    if (kind === 'avatar')
      return (await removeAvatar(deps, content, userId, { by: 'admin' })).length
    const change = await store.users.updateProfileIf(userId, { [kind]: content }, { [kind]: null })
    return change ? 1 : 0
  }

  return {
    async list(query: ModerationQuery): Promise<ModerationList> {
      const { page, pageSize, status } = query
      const { items, total } = await store.moderation.list({ status, page, pageSize })
      return { items: items.map(toItem), total, page, pageSize }
    },

    /**
     * Closes the item first (one decision wins, whichever admin or instance), then applies it and
     * writes the audit entry. The user's own later changes are never undone: every change is
     * conditional on the field still holding the judged content.
     */
    async decide(
      actor: AdminActor,
      id: string,
      { decision }: ModerationDecisionRequest,
    ): Promise<ModerationItem> {
      const item = await find(id)
      const status = decision === 'approve' ? 'approved' : 'rejected'
      if (item.status !== 'open') return alreadyDecided(item, status)
      const now = clock.now()
      const decided = await store.moderation.decide(id, { status, by: actor.user.id, at: now })
      if (!decided) return alreadyDecided(await find(id), status)
      const changedUsers = await apply(decided)
      await store.audit.append({
        at: now,
        action: 'moderation_decided',
        actorId: actor.user.id,
        targetId: decided.userId,
        ip: actor.ip,
        details: { itemId: decided.id, kind: decided.kind, decision: status, changedUsers },
      })
      return toItem(decided)
    },
  }
}

export type ModerationService = ReturnType<typeof createModerationService>
