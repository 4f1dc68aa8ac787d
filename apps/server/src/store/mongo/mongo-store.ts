import mongoose from 'mongoose'
import { AppError } from '../../app-error.js'
import type { Store } from '../store.js'
import { createAuditRepo } from './audit.js'
import { createLoginCodeCache, createWxTokenCache } from './caches.js'
import { detectServer, WriteGate, type ServerTraits } from './compat.js'
import { createMediaCheckRepo, createModerationRepo } from './content.js'
import { createContentModels } from './content-models.js'
import { guard, toAppError } from './errors.js'
import { EXPIRING, ensureIndexes } from './indexes.js'
import { createLoginTicketRepo } from './login-tickets.js'
import { createModels } from './models.js'
import { createSessionRepo } from './sessions.js'
import { createUserRepo } from './users.js'

export interface MongoStoreOptions {
  uri: string
  /** Defaults to the database named in the URI, else `wxlogin`. */
  dbName?: string
}

export interface MongoStore extends Store {
  readonly kind: 'mongodb'
  /** What the server turned out to be (MongoDB, or FerretDB 1.x with its work-arounds). */
  readonly server: ServerTraits
}

const PING_TIMEOUT_MS = 1_500
/** FerretDB 1.x has no TTL indexes: the store deletes expired documents itself this often. */
const SWEEP_INTERVAL_MS = 60_000

function databaseIn(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1]
  return name ? decodeURIComponent(name) : undefined
}

/**
 * The MongoDB store, on its own connection. Timeouts are short and commands are never buffered,
 * so when the database is away every call fails within about two seconds with DB_UNAVAILABLE
 * instead of hanging; the driver reconnects on its own when it is back.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const conn = mongoose.createConnection(options.uri, {
    dbName: options.dbName ?? databaseIn(options.uri) ?? 'wxlogin',
    serverSelectionTimeoutMS: 2_000,
    connectTimeoutMS: 2_000,
    socketTimeoutMS: 6_000, // just above OP_TIMEOUT_MS: a server that hangs (not down) is cut off too
    heartbeatFrequencyMS: 5_000,
    maxPoolSize: 20,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  })
  let server: ServerTraits
  try {
    await conn.asPromise()
    server = await detectServer(conn)
    await ensureIndexes(conn, server)
  } catch (err) {
    await conn.close().catch(() => undefined)
    throw toAppError(err)
  }

  const db = conn.db
  if (!db) throw new AppError('INTERNAL', 'mongoose connected without a database')
  const models = createModels(conn)
  const contentModels = createContentModels(conn)
  const gate = new WriteGate(!server.atomicUpdates)

  let sweeper: NodeJS.Timeout | undefined
  if (!server.ttlIndexes) {
    // Best effort, like MongoDB's own TTL monitor: reads filter on expiresAt anyway.
    const sweep = () => {
      for (const name of EXPIRING) {
        void gate
          .run(name, () => db.collection(name).deleteMany({ expiresAt: { $lt: new Date() } }))
          .catch(() => undefined)
      }
    }
    sweep()
    sweeper = setInterval(sweep, SWEEP_INTERVAL_MS).unref()
  }

  const moderation = createModerationRepo(contentModels, gate)
  const mediaChecks = createMediaCheckRepo(contentModels, gate)
  // What an account deletion erases besides the user's own collections (account-deletion.ts).
  const eraseContent = async (userId: string) => {
    await Promise.all([moderation.removeForUser(userId), mediaChecks.removeForUser(userId)])
  }

  return {
    kind: 'mongodb',
    server,
    users: createUserRepo(models, gate, eraseContent),
    sessions: createSessionRepo(models, gate),
    codes: createLoginCodeCache(models, gate),
    wxTokens: createWxTokenCache(models, gate),
    audit: createAuditRepo(models, gate),
    loginTickets: createLoginTicketRepo(models, gate),
    moderation,
    mediaChecks,

    ping: () =>
      guard(async () => {
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(new AppError('DB_UNAVAILABLE', 'The database did not answer a ping in time.')),
            PING_TIMEOUT_MS,
          )
        })
        try {
          await Promise.race([db.command({ ping: 1 }), late])
        } finally {
          clearTimeout(timer)
        }
      }),

    async close() {
      clearInterval(sweeper)
      await conn.close()
    },
  }
}
