import { AppError } from '../app-error.js'
import type { RefreshTokenRecord, SessionRecord, UserRecord } from '../store/store.js'

/**
 * A client that lost a refresh response may present the same refresh token again this long and
 * get the same successor (README, "Rotating refresh tokens"). Written here only.
 */
export const REFRESH_GRACE_MS = 30_000

/** What the session is being used for: a request with an access token, or a token refresh. */
export type SessionUse = 'access' | 'refresh'

const ENDED = {
  access: () => new AppError('AUTH_TOKEN_INVALID', 'This session has ended; sign in again.'),
  refresh: () => new AppError('REFRESH_TOKEN_INVALID'),
} as const

export type SessionCheck =
  { ok: true; session: SessionRecord; user: UserRecord } | { ok: false; error: AppError }

/**
 * Is this session usable now, and if not, which error? The one rule behind the auth middleware
 * and the refresh endpoint:
 * - no session, no user, or a session of another user: the session has ended;
 * - a disabled user: USER_DISABLED, checked before revocation and expiry, because disabling an
 *   account revokes its sessions and the holder must learn why rather than be told to sign in
 *   again (docs/api.md: "Refresh of a disabled user is USER_DISABLED");
 * - revoked or past its absolute end: the session has ended.
 */
export function checkSession(
  use: SessionUse,
  session: SessionRecord | null,
  user: UserRecord | null,
  now: Date,
): SessionCheck {
  if (!session || !user || session.userId !== user.id) return { ok: false, error: ENDED[use]() }
  if (user.status === 'disabled') return { ok: false, error: new AppError('USER_DISABLED') }
  if (session.revokedAt || session.expiresAt <= now) return { ok: false, error: ENDED[use]() }
  return { ok: true, session, user }
}

export type ReplayDecision =
  /** Answer with `successors[index]` again: the client lost the first answer. */
  | { replay: true; index: number }
  /** A stolen or replayed token: revoke the whole family. */
  | { replay: false }

/**
 * A refresh token whose single use was already spent is presented again: a lost response being
 * retried, or a thief. It is a retry only when all of these hold:
 * - the token was first used at most REFRESH_GRACE_MS ago (exactly the grace is still a retry);
 * - its successor has not been used itself (once the client moved on, the parent is dead).
 *
 * `successors` are the successor's records under each refresh key, newest key first (null where
 * none is stored): a key rotation between the first use and the retry means the successor may
 * have been derived with an older key, and the retry must get that one, not fork the family.
 * When no successor is stored yet (the first use is still writing it), the newest key's is
 * answered; adding it is idempotent.
 */
export function replayDecision(input: {
  /** When the presented token was used; null if unknown, which is never a retry. */
  usedAt: Date | null
  successors: readonly (RefreshTokenRecord | null)[]
  now: Date
}): ReplayDecision {
  const { usedAt, successors, now } = input
  if (!usedAt || now.getTime() - usedAt.getTime() > REFRESH_GRACE_MS) return { replay: false }
  const index = successors.findIndex((s) => s !== null)
  if (index === -1) return { replay: true, index: 0 }
  return successors[index]?.usedAt ? { replay: false } : { replay: true, index }
}
