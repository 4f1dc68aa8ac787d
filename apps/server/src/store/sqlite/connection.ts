import Database from 'libsql'
import { AppError } from '../../app-error.js'
import { startCheckpointer } from './checkpointer.js'
import { configure, migrate } from './schema.js'
import { createWriteBatcher } from './write-batch.js'

/** One open database file, and the one place where SQLite failures become AppErrors. */
export interface Connection {
  readonly db: Database.Database
  prepare: (sql: string) => Prepared
  /**
   * Runs one synchronous read (a statement or a read transaction) now. libsql is synchronous, so
   * no transaction ever stays open across an `await`.
   */
  read: <T>(work: () => T) => Promise<T>
  /**
   * Runs one write (exactly one SQL statement) in this turn's group commit (write-batch.ts);
   * resolves once it is committed. Concurrent writers in this process are serialised by the event
   * loop, other processes by SQLite's write lock.
   */
  write: <T>(work: () => T) => Promise<T>
  /**
   * A write of several statements that must stand or fall together (account deletion). It is one
   * entry of the group commit like any write, its statements wrapped in a SAVEPOINT: if one
   * fails, ROLLBACK TO undoes the others and only this caller sees the error, while the rest of
   * the batch commits (write-batch.ts relies on each entry being undone on its own). The batch's
   * COMMIT makes it durable as a whole; a crash before it loses all of it.
   */
  writeMany: <T>(work: () => T) => Promise<T>
  close: () => Promise<void>
}

// Error codes that mean "the database cannot be used right now", not "the request is wrong".
const UNAVAILABLE =
  /^SQLITE_(BUSY|LOCKED|IOERR|READONLY|CANTOPEN|FULL|CORRUPT|NOTADB|PROTOCOL|NOMEM)/

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
  if (
    (typeof code === 'string' && UNAVAILABLE.test(code)) ||
    e.message.startsWith('ConnectionFailed')
  ) {
    return new AppError('DB_UNAVAILABLE', undefined, { cause: e })
  }
  return e
}

/**
 * For housekeeping writes (purging expired rows) that no caller waits for: if one fails, the
 * database is failing and the caller's own write says so; the purge runs again at its next turn.
 */
export function bestEffort(write: Promise<unknown>): void {
  write.catch(() => undefined)
}

/** A prepared statement, prepared once and reused for every call. */
export interface Prepared {
  get<T>(...params: unknown[]): T | undefined
  all<T>(...params: unknown[]): T[]
  run(...params: unknown[]): Database.RunResult
}

/**
 * libsql 0.5.29's `Statement.get()` is not reset when it fails: after one constraint error (or
 * SQLITE_BUSY) every later get() on that statement throws the same error, whatever its
 * parameters (`all()` and `run()` reset first and recover). So a get() that fails swaps in a
 * freshly prepared statement. get() is kept rather than all() because it is ~1.5x faster for the
 * one-row reads on the login path. Regression: the CONFLICT tests of test/store/store-conformance.ts.
 */
function prepareOnce(db: Database.Database, sql: string): Prepared {
  let stmt = db.prepare(sql)
  return {
    get: <T>(...params: unknown[]): T | undefined => {
      try {
        return stmt.get(...params) as T | undefined
      } catch (e) {
        try {
          stmt = db.prepare(sql)
        } catch {
          // The database itself is failing: keep the old statement, the next call retries.
        }
        throw e
      }
    },
    all: <T>(...params: unknown[]): T[] => stmt.all(...params) as T[],
    run: (...params: unknown[]) => stmt.run(...params),
  }
}

const SAVEPOINT = 'write_many'

function inSavepoint<T>(db: Database.Database, work: () => T): T {
  db.exec(`SAVEPOINT ${SAVEPOINT}`)
  try {
    const value = work()
    db.exec(`RELEASE ${SAVEPOINT}`)
    return value
  } catch (e) {
    // After an I/O error SQLite may have rolled the whole transaction back: nothing to undo here,
    // and the batch fails every write of it (write-batch.ts).
    if (db.inTransaction) {
      db.exec(`ROLLBACK TO ${SAVEPOINT}`)
      db.exec(`RELEASE ${SAVEPOINT}`)
    }
    throw e
  }
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
  const checkpointer = memory ? undefined : startCheckpointer(db, path)
  const batcher = createWriteBatcher(db, toStoreError, checkpointer?.committed)
  const closed = () => new AppError('DB_UNAVAILABLE', 'The store is closed.')
  const write = <T>(work: () => T): Promise<T> =>
    open ? batcher.write(work) : Promise.reject(closed())
  return {
    db,
    prepare: (sql) => prepareOnce(db, sql),
    write,
    writeMany: (work) => write(() => inSavepoint(db, work)),
    read: <T>(work: () => T): Promise<T> => {
      // libsql keeps a closed handle usable while statements hold it; refuse explicitly instead.
      if (!open) return Promise.reject(closed())
      try {
        return Promise.resolve(work())
      } catch (e) {
        return Promise.reject(toStoreError(e))
      }
    },
    close: async () => {
      if (!open) return
      batcher.flush()
      open = false
      await checkpointer?.stop()
      db.close()
    },
  }
}
