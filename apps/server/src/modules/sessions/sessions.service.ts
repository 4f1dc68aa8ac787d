import type { SessionList } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../clock.js'
import type { RequestMeta } from '../../request-meta.js'
import type { SessionRecord, Store, UserRecord } from '../../store/store.js'
import { toSessionList } from './session-view.js'
import { findUserOrNotFound, PLAUSIBLE_ID } from '../users/user-app.js'

/** A user with more devices than this sees the most recently used ones. */
const MAX_LISTED_SESSIONS = 100

/** Who is asking: the signed-in user and the session of their access token. */
export interface SessionActor {
  user: UserRecord
  session: SessionRecord
}

/**
 * Signed-in devices: listing and revoking them, by their user or by an admin. A revocation goes
 * through the store's cached reads (store/cached-reads.ts), so the revoked session's access tokens
 * stop at once on this instance and within AUTH_CACHE_TTL_MS on the others; its refresh tokens
 * stop at once everywhere.
 *
 * Audit: `session_revoked` for one session (details.by says `user` or `admin`), `logout_others`
 * for logout-others, like `logout_all`. A plain logout is not audited (as before).
 */
export function createSessionsService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps

  async function list(userId: string, currentId: string | null): Promise<SessionList> {
    const now = clock.now()
    const records = await store.sessions.listActive(userId, now, MAX_LISTED_SESSIONS)
    return { items: toSessionList(records, currentId, now) }
  }

  /** The session `id` of `userId`; another user's session, or none, is NOT_FOUND. */
  async function sessionOf(userId: string, id: string): Promise<SessionRecord> {
    const session = PLAUSIBLE_ID.test(id) ? await store.sessions.findById(id) : null
    if (!session || session.userId !== userId)
      throw new AppError('NOT_FOUND', 'No session with this id.')
    return session
  }

  /** Revokes it (idempotent: an ended session stays ended) and audits the revocation. */
  async function revoke(
    session: SessionRecord,
    by: { actor: UserRecord; role: 'user' | 'admin'; meta: RequestMeta },
  ): Promise<void> {
    const now = clock.now()
    const reason = by.role === 'admin' ? 'revoked_by_admin' : 'revoked_by_user'
    if (!(await store.sessions.revoke(session.id, reason, now))) return
    await store.audit.append({
      at: now,
      action: 'session_revoked',
      actorId: by.actor.id,
      targetId: session.userId,
      ip: by.meta.ip,
      details: { sessionId: session.id, by: by.role },
    })
  }

  return {
    listMine: (me: SessionActor): Promise<SessionList> => list(me.user.id, me.session.id),

    async revokeMine(me: SessionActor, id: string, meta: RequestMeta): Promise<void> {
      await revoke(await sessionOf(me.user.id, id), { actor: me.user, role: 'user', meta })
    },

    async logoutOthers(me: SessionActor, meta: RequestMeta): Promise<void> {
      const now = clock.now()
      const { id: userId } = me.user
      const revoked = await store.sessions.revokeAllForUser(
        userId,
        'logout_others',
        now,
        me.session.id,
      )
      await store.audit.append({
        at: now,
        action: 'logout_others',
        actorId: userId,
        targetId: userId,
        ip: meta.ip,
        details: { revoked, keptSessionId: me.session.id },
      })
    },

    /** An admin looking at a user's devices; `current` marks the admin's own session. */
    async listForUser(admin: SessionActor, userId: string): Promise<SessionList> {
      await findUserOrNotFound(store, userId)
      return list(userId, admin.session.id)
    },

    async revokeForUser(
      admin: SessionActor,
      userId: string,
      sessionId: string,
      meta: RequestMeta,
    ): Promise<void> {
      await findUserOrNotFound(store, userId)
      await revoke(await sessionOf(userId, sessionId), { actor: admin.user, role: 'admin', meta })
    },
  }
}

export type SessionsService = ReturnType<typeof createSessionsService>
