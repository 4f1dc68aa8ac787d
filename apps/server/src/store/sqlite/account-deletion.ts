import type { UserRecord } from '../store.js'
import { newId } from '../../ids.js'
import type { Connection } from './connection.js'
import { toUser, type UserRow } from './rows.js'

/** Why the sessions of a deleted account ended (sessions.revoked_reason). */
export const ACCOUNT_DELETED = 'account_deleted'

/**
 * Account deletion on SQLite: one transaction (Connection.writeMany), so it happens whole or not
 * at all, whatever fails or crashes. The user row goes entirely (profile, phone, unionid, the
 * openid link), which frees the phone and the unionid in their unique indexes and lets the same
 * WeChat user sign up again as a new user. Sessions are kept, revoked and stripped of IP and user
 * agent, rather than deleted: a refresh already past its checks may still add a token to its
 * session (refresh_tokens references sessions), and must find it there rather than fail with a
 * foreign-key error; the rows go with the expiry purge (sessions.ts).
 */
export function createAccountDeletion({ prepare, writeMany }: Connection) {
  const deleteUser = prepare('DELETE FROM users WHERE id = ? RETURNING *')
  const endSessions = prepare(`
    UPDATE sessions SET
      revoked_at = COALESCE(revoked_at, ?2),
      revoked_reason = COALESCE(revoked_reason, ?3),
      ip = NULL,
      user_agent = NULL
    WHERE user_id = ?1`)
  const deleteTokens = prepare('DELETE FROM refresh_tokens WHERE user_id = ?')
  // The user's texts and image URLs waiting for a moderator or a WeChat verdict.
  const deleteModeration = prepare('DELETE FROM moderation_items WHERE user_id = ?')
  const deleteMediaChecks = prepare('DELETE FROM media_checks WHERE user_id = ?')
  const audit = prepare(`
    INSERT INTO audit_log (id, at, action, actor_id, target_id, ip, details)
    VALUES (?1, ?2, 'account_deleted', ?3, ?3, NULL, ?4)`)

  return {
    deleteAccount: (id: string, now: Date): Promise<UserRecord | null> =>
      writeMany(() => {
        const row = deleteUser.get<UserRow>(id)
        if (!row) return null
        endSessions.run(id, now.getTime(), ACCOUNT_DELETED)
        deleteTokens.run(id)
        deleteModeration.run(id)
        deleteMediaChecks.run(id)
        audit.run(newId(now.getTime()), now.getTime(), id, JSON.stringify({ appId: row.app_id }))
        return toUser(row)
      }),

    // Nothing is ever left half-done: a deletion is one transaction.
    pendingDeletions: (): Promise<string[]> => Promise.resolve([]),
  }
}
