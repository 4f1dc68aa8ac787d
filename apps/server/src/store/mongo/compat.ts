import type { Connection } from 'mongoose'
import { AppError } from '../../app-error.js'
import { guard, toAppError } from './errors.js'

/** Server-side bound for one operation (maxTimeMS); the socket timeout backs it up. */
export const OP_TIMEOUT_MS = 5_000

/**
 * What the server we talk to can do. Real MongoDB can do everything this adapter asks; FerretDB
 * 1.x (the test server here, see scripts/ensure-ferretdb.mjs) differs in three ways, each checked
 * against FerretDB v1.24.2:
 *
 * - `partialFilterExpression` and `expireAfterSeconds` are refused (NotImplemented, code 238);
 * - its SQL backends put a missing field in a unique index as SQL NULL, and NULLs never collide,
 *   so a plain unique index already behaves like MongoDB's partial "where present" one;
 * - update/findAndModify are read-then-replace-by-_id without isolation: two concurrent updates
 *   of one document lose one of them (50 parallel `$inc` gave 10), and a conditional update
 *   (`{ usedAt: null }`) can succeed for several callers.
 */
export interface ServerTraits {
  /** e.g. `MongoDB 8.0.4` or `FerretDB v1.24.2`, for logs and test names. */
  label: string
  partialIndexes: boolean
  ttlIndexes: boolean
  /** False on FerretDB 1.x: writes to one collection must be serialized (see WriteGate). */
  atomicUpdates: boolean
}

export async function detectServer(conn: Connection): Promise<ServerTraits> {
  const info = (await conn.db!.admin().command({ buildInfo: 1 })) as {
    version?: string
    ferretdbVersion?: string
  }
  const ferret = info.ferretdbVersion
  if (ferret?.startsWith('v1.')) {
    return {
      label: `FerretDB ${ferret}`,
      partialIndexes: false,
      ttlIndexes: false,
      atomicUpdates: false,
    }
  }
  return {
    label: ferret ? `FerretDB ${ferret}` : `MongoDB ${info.version ?? '?'}`,
    partialIndexes: true,
    ttlIndexes: true,
    atomicUpdates: true,
  }
}

/**
 * Serializes this process's writes per collection when the server does not isolate updates
 * (FerretDB 1.x), so the port's single-winner promises (one consume, one lease holder, exact
 * login counts) hold within one instance. Across instances on FerretDB 1.x they do not: run
 * several instances on real MongoDB only. On MongoDB the gate is a pass-through.
 *
 * A write queued behind one that failed with DB_UNAVAILABLE fails at once instead of waiting its
 * own server-selection timeout, so an outage never turns a queue into a long hang.
 */
export class WriteGate {
  private readonly tails = new Map<string, Promise<unknown>>()
  private readonly unavailableAt = new Map<string, number>()

  constructor(private readonly enabled: boolean) {}

  /** Runs one write (driver errors mapped to AppError, like `guard`). */
  run<T>(collection: string, write: () => Promise<T>): Promise<T> {
    if (!this.enabled) return guard(write)
    const queuedAt = Date.now()
    const previous = this.tails.get(collection) ?? Promise.resolve()
    const result = previous.then(async () => {
      const failedAt = this.unavailableAt.get(collection) ?? 0
      if (failedAt >= queuedAt) throw new AppError('DB_UNAVAILABLE')
      try {
        return await write()
      } catch (err) {
        const error = toAppError(err)
        if (error.code === 'DB_UNAVAILABLE') this.unavailableAt.set(collection, Date.now())
        throw error
      }
    })
    const tail = result.catch(() => undefined)
    this.tails.set(collection, tail)
    void tail.then(() => {
      if (this.tails.get(collection) === tail) this.tails.delete(collection)
    })
    return result
  }
}
