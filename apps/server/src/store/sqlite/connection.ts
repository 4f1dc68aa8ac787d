import Database from 'libsql'
import { AppError } from '../../app-error.js'
import { configure, migrate } from './schema.js'

/** One open database file, and the one place where SQLite failures become AppErrors. */
export interface Connection {
  readonly db: Database.Database
  /**
   * Runs one synchronous unit of work (a statement or a transaction). libsql is synchronous, so
   * no transaction ever stays open across an `await`: concurrent callers in this process are
   * serialised by the event loop, other processes by SQLite's write lock.
   */
  run: <T>(work: () => T) => Promise<T>
  close: () => void
}

// Error codes that mean "the database cannot be used right now", not "the request is wrong".
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|READONLY|CANTOPEN|FULL|CORRUPT|NOTADB|PROTOCOL|NOMEM)/

const UNIQUE_FIELDS: readonly (readonly [RegExp, string])[] = [
  [/users\.phone\b/, 'This phone number is bound to another user.'],
  [/users\.unionid\b/, 'This unionid belongs to another user of this app.'],
]

/** Maps a libsql error to the port's AppErrors; anything else is a bug and is returned as is. */
export function toStoreError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e))
  if (e instanceof AppError) return e
  const code = (e as { code?: unknown }).code
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const field = UNIQUE_FIELDS.find(([pattern]) => pattern.test(e.message))
    return new AppError('CONFLICT', field?.[1], { cause: e })
  }
  // Opening a path that is a directory, or in a missing directory, fails with a bare
  // `ConnectionFailed("… : 14")` (14 is SQLITE_CANTOPEN) rather than a SqliteError.
  if ((typeof code === 'string' && UNAVAILABLE.test(code)) || e.message.startsWith('ConnectionFailed')) {
    return new AppError('DB_UNAVAILABLE', undefined, { cause: e })
  }
  return e
}

/**
 * The first row of a statement. libsql 0.5.29's `Statement.get()` is never reset after it fails:
 * once one call hits a constraint error (or SQLITE_BUSY), every later get() on that statement
 * throws the same error whatever its parameters. `all()` resets before it runs, so reads go
 * through it (regression: the CONFLICT tests of store-conformance.ts).
 */
export function first<T>(stmt: Database.Statement, ...params: unknown[]): T | undefined {
  return stmt.all(...params)[0] as T | undefined
}

export function openConnection(path: string): Connection {
  const memory = path === ':memory:'
  let db: Database.Database
  try {
    db = new Database(path)
    configure(db, memory)
    migrate(db)
  } catch (e) {
    throw toStoreError(e)
  }
  let open = true
  return {
    db,
    run: <T>(work: () => T): Promise<T> => {
      // libsql keeps a closed handle usable while statements hold it; refuse explicitly instead.
      if (!open) return Promise.reject(new AppError('DB_UNAVAILABLE', 'The store is closed.'))
      try {
        return Promise.resolve(work())
      } catch (e) {
        return Promise.reject(toStoreError(e))
      }
    },
    close: () => {
      if (!open) return
      open = false
      db.close()
    },
  }
}
