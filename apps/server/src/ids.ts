import { randomFillSync } from 'node:crypto'

/*
 * Random bytes drawn in blocks: one randomFillSync per 512 ids instead of one per id (each call
 * into the CSPRNG has a fixed cost that showed in the login profile).
 */
const RANDOM_BYTES = 6
const pool = Buffer.alloc(RANDOM_BYTES * 512)
let offset = pool.length

/**
 * A new id for a user, session or audit entry: 24 hex characters like a MongoDB ObjectId, and,
 * like one, time-ordered: 6 bytes of milliseconds since the epoch, then 6 random bytes. New rows
 * therefore land at the right edge of every index on an id instead of on a random page: on SQLite
 * a group commit of many logins writes a few index pages instead of one per id (write-batch.ts).
 * Ids are not secrets; nothing accepts one as proof of anything.
 */
export function newId(nowMs: number = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  const random = pool.toString('hex', offset, offset + RANDOM_BYTES)
  offset += RANDOM_BYTES
  return nowMs.toString(16).padStart(12, '0') + random
}
