import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../app-error.js'
import type { Store } from '../store.js'
import { createAuditRepo } from './audit.js'
import { createCodeCache, createWxTokenCache } from './caches.js'
import { openConnection, toStoreError } from './connection.js'
import { createLoginTicketRepo } from './login-tickets.js'
import { createMediaCheckRepo, createModerationRepo } from './content.js'
import { createSessionRepo } from './sessions.js'
import { createUserRepo } from './users.js'

export interface SqliteStoreOptions {
  /** Directory of the database file; created if missing. */
  dataDir: string
  /** File name inside dataDir (default `wxlogin.db`), or `:memory:` for a private in-memory database. */
  filename?: string
  /** How often, at most, writes also purge expired codes and tokens (default one minute). */
  purgeIntervalMs?: number
}

/** True at most once per interval: purges ride on writes, so no timer keeps the process alive. */
function throttle(intervalMs: number): () => boolean {
  let last = -Infinity
  return () => {
    const now = Date.now()
    if (now - last < intervalMs) return false
    last = now
    return true
  }
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (e) {
    // A file where the directory should be, or no permission: the database cannot be reached.
    throw new AppError('DB_UNAVAILABLE', 'Cannot create the data directory.', { cause: e })
  }
}

/** The zero-config store: one SQLite file (WAL) in DATA_DIR, safe to share between processes. */
export function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  try {
    const filename = options.filename ?? 'wxlogin.db'
    const memory = filename === ':memory:'
    if (!memory) ensureDir(options.dataDir)
    const conn = openConnection(memory ? filename : join(options.dataDir, filename))
    const interval = options.purgeIntervalMs ?? 60_000
    const ping = conn.prepare('SELECT 1 AS ok')
    return Promise.resolve({
      kind: 'sqlite',
      users: createUserRepo(conn),
      sessions: createSessionRepo(conn, throttle(interval)),
      codes: createCodeCache(conn, throttle(interval)),
      wxTokens: createWxTokenCache(conn),
      audit: createAuditRepo(conn),
      loginTickets: createLoginTicketRepo(conn, throttle(interval)),
      moderation: createModerationRepo(conn),
      mediaChecks: createMediaCheckRepo(conn),
      ping: () =>
        conn.read(() => {
          ping.get()
        }),
      close: () => conn.close(),
    })
  } catch (e) {
    return Promise.reject(toStoreError(e))
  }
}
