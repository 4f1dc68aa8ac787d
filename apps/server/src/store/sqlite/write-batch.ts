import type Database from 'libsql'
import { AppError } from '../../app-error.js'

/**
 * Group commit. Every write is queued and the queue is flushed once per event-loop turn
 * (setImmediate), so the writes of all requests that reached the store in one turn share one
 * transaction: one commit instead of one per write. On this kind of disk a commit (locks, WAL
 * frames of every page it touched) costs far more than the statements in it; a login makes five
 * writes in two steps, and under load dozens of logins land in the same turn.
 *
 * A write is exactly one SQL statement. A statement that fails (a unique conflict) is undone by
 * SQLite itself while the transaction goes on, so only its caller sees the error and the rest of
 * the batch stands; no savepoints needed (they cost two more statements per write, ~40 % of a
 * small insert). Only errors that end the whole transaction (I/O, a full disk) fail the batch.
 *
 * Callers are answered only after COMMIT: a resolved write is durable and visible to every
 * reader, in this process or another. The transaction is opened and committed inside one
 * synchronous flush, never held across an `await`, so two store instances on one file in one
 * process cannot wait on each other.
 */
export interface WriteBatcher {
  /** `work` runs one statement and returns what the caller gets. */
  write: <T>(work: () => T) => Promise<T>
  /** Runs whatever is queued now (before close). */
  flush: () => void
}

interface Queued {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

export function createWriteBatcher(
  db: Database.Database,
  toStoreError: (e: unknown) => Error,
  /** Told after every commit (the WAL checkpointer). */
  committed: () => void = () => undefined,
): WriteBatcher {
  let queue: Queued[] = []
  const statement = (sql: string) => {
    const stmt = db.prepare(sql)
    return () => stmt.run()
  }
  const begin = statement('BEGIN IMMEDIATE')
  const commit = statement('COMMIT')

  /** Runs one write; throws only when the whole transaction is lost. */
  function runOne(work: () => unknown): Outcome {
    try {
      return { ok: true, value: work() }
    } catch (error) {
      // An I/O error or a full disk may already have rolled the whole transaction back.
      if (!db.inTransaction) throw error
      return { ok: false, error: toStoreError(error) }
    }
  }

  function runBatch(batch: Queued[]): void {
    const outcomes: Outcome[] = []
    try {
      begin()
      for (const item of batch) outcomes.push(runOne(item.work))
      commit()
      committed()
    } catch (e) {
      if (db.inTransaction) {
        try {
          db.exec('ROLLBACK')
        } catch {
          // The connection is failing; the rejections below say so.
        }
      }
      const error = toStoreError(e)
      const lost =
        error instanceof AppError ? error : new AppError('DB_UNAVAILABLE', undefined, { cause: e })
      for (const item of batch) item.reject(lost)
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i] as Outcome
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }

  function flush(): void {
    const batch = queue
    queue = []
    if (batch.length > 0) runBatch(batch)
  }

  return {
    write: <T>(work: () => T) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
        if (queue.length === 1) setImmediate(flush)
      }),
    flush,
  }
}
