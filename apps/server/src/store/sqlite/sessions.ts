import type { SessionRepo } from '../store.js'
import { bestEffort, type Connection } from './connection.js'
import { toRefreshToken, toSession, type RefreshTokenRow, type SessionRow } from './rows.js'

/**
 * Expired sessions and refresh tokens are kept a day past their end (a late refresh still finds
 * them and fails as expired, and used tokens stay for reuse detection until then), then purged.
 */
const RETENTION_MS = 24 * 60 * 60 * 1000

export function createSessionRepo(
  { prepare, read, write }: Connection,
  shouldPurge: () => boolean,
): SessionRepo {
  const insert = prepare(`
    INSERT INTO sessions (id, user_id, app_id, created_at, expires_at, last_used_at, user_agent, ip)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const byId = prepare('SELECT * FROM sessions WHERE id = ?')
  const addToken = prepare(`
    INSERT INTO refresh_tokens (hash, session_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (hash) DO NOTHING`)
  const tokenByHash = prepare('SELECT * FROM refresh_tokens WHERE hash = ?')
  // The `used_at IS NULL` guard makes this a compare-and-set: one caller changes the row.
  const consume = prepare(
    'UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL',
  )
  const touch = prepare('UPDATE sessions SET last_used_at = ? WHERE id = ?')
  const revoke = prepare(
    'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
  )
  const revokeAll = prepare(`
    UPDATE sessions SET revoked_at = ?1, revoked_reason = ?2
    WHERE user_id = ?3 AND revoked_at IS NULL AND expires_at > ?1 AND (?4 IS NULL OR id <> ?4)`)
  const listActive = prepare(`
    SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
    ORDER BY last_used_at DESC, created_at DESC, id DESC LIMIT ?`)
  const countActive = prepare(
    'SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?',
  )
  const countAllActive = prepare(
    'SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL AND expires_at > ?',
  )
  const purgeTokens = prepare('DELETE FROM refresh_tokens WHERE expires_at < ?')
  const purgeSessions = prepare('DELETE FROM sessions WHERE expires_at < ?')

  return {
    create: (s) =>
      write(() => {
        insert.run(
          s.id,
          s.userId,
          s.appId,
          s.createdAt.getTime(),
          s.expiresAt.getTime(),
          s.lastUsedAt.getTime(),
          s.userAgent,
          s.ip,
        )
        return { ...s, revokedAt: null, revokedReason: null }
      }),

    findById: (id) =>
      read(() => {
        const row = byId.get<SessionRow>(id)
        return row ? toSession(row) : null
      }),

    addRefreshToken: (t) => {
      const now = t.createdAt.getTime()
      // The cutoff comes from the caller's clock, so tests that move time purge consistently.
      if (shouldPurge()) {
        bestEffort(write(() => purgeTokens.run(now - RETENTION_MS)))
        bestEffort(write(() => purgeSessions.run(now - RETENTION_MS)))
      }
      return write(() => {
        addToken.run(t.hash, t.sessionId, t.userId, now, t.expiresAt.getTime())
      })
    },

    findRefreshToken: (hash) =>
      read(() => {
        const row = tokenByHash.get<RefreshTokenRow>(hash)
        return row ? toRefreshToken(row) : null
      }),

    consumeRefreshToken: (hash, now) => write(() => consume.run(now.getTime(), hash).changes === 1),

    touch: (id, now) =>
      write(() => {
        touch.run(now.getTime(), id)
      }),

    revoke: (id, reason, now) => write(() => revoke.run(now.getTime(), reason, id).changes === 1),

    revokeAllForUser: (userId, reason, now, exceptId) =>
      write(() => revokeAll.run(now.getTime(), reason, userId, exceptId ?? null).changes),

    countActive: (userId, now) =>
      read(() => countActive.get<{ n: number }>(userId, now.getTime())?.n ?? 0),

    listActive: (userId, now, limit) =>
      read(() => listActive.all<SessionRow>(userId, now.getTime(), limit).map(toSession)),
    countAllActive: (now) => read(() => countAllActive.get<{ n: number }>(now.getTime())?.n ?? 0),
  }
}
