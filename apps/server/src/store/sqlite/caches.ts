import type { CodeExchange, LoginCodeCache, WxTokenCache } from '../store.js'
import { bestEffort, type Connection } from './connection.js'

/**
 * A code lives 5 minutes. put() gets no `now`, only the new entry's expiry, so rows that expired
 * an hour before that expiry are certainly dead on the caller's own clock (even a test clock).
 */
const CODE_PURGE_LAG_MS = 60 * 60 * 1000

export function createCodeCache(
  { prepare, read, write }: Connection,
  shouldPurge: () => boolean,
): LoginCodeCache {
  const get = prepare(
    'SELECT app_id, openid, unionid FROM login_codes WHERE code_hash = ? AND expires_at > ?',
  )
  // First writer wins: a retried exchange must not replace the identity a first one stored.
  const put = prepare(`
    INSERT INTO login_codes (code_hash, app_id, openid, unionid, expires_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (code_hash) DO NOTHING`)
  const purge = prepare('DELETE FROM login_codes WHERE expires_at < ?')

  return {
    get: (codeHash, now) =>
      read((): CodeExchange | null => {
        const row = get.get<{ app_id: string; openid: string; unionid: string | null }>(
          codeHash,
          now.getTime(),
        )
        return row ? { appId: row.app_id, openid: row.openid, unionid: row.unionid } : null
      }),

    put: (codeHash, value, expiresAt) => {
      if (shouldPurge()) bestEffort(write(() => purge.run(expiresAt.getTime() - CODE_PURGE_LAG_MS)))
      return write(() => {
        put.run(codeHash, value.appId, value.openid, value.unionid, expiresAt.getTime())
      })
    },
  }
}

export function createWxTokenCache({ prepare, read, write }: Connection): WxTokenCache {
  const get = prepare('SELECT token, expires_at FROM wx_tokens WHERE app_id = ?')
  const save = prepare(`
    INSERT INTO wx_tokens (app_id, token, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (app_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at`)
  const drop = prepare('DELETE FROM wx_tokens WHERE app_id = ? AND token = ?')
  // Taken when free, expired, or already ours (renewal); changes = 0 means someone else holds it.
  const acquire = prepare(`
    INSERT INTO wx_token_leases (app_id, holder, until) VALUES (?, ?, ?)
    ON CONFLICT (app_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
    WHERE wx_token_leases.until <= ? OR wx_token_leases.holder = excluded.holder`)
  const release = prepare('DELETE FROM wx_token_leases WHERE app_id = ? AND holder = ?')

  return {
    get: (appId) =>
      read(() => {
        const row = get.get<{ token: string; expires_at: number }>(appId)
        return row ? { appId, token: row.token, expiresAt: new Date(row.expires_at) } : null
      }),
    save: (value) =>
      write(() => {
        save.run(value.appId, value.token, value.expiresAt.getTime())
      }),
    drop: (appId, token) =>
      write(() => {
        drop.run(appId, token)
      }),
    acquireLease: (appId, holder, until, now) =>
      write(() => acquire.run(appId, holder, until.getTime(), now.getTime()).changes === 1),
    releaseLease: (appId, holder) =>
      write(() => {
        release.run(appId, holder)
      }),
  }
}
