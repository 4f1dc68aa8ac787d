import type { Connection } from 'mongoose'
import type { CreateIndexesOptions, IndexDirection } from 'mongodb'
import type { ServerTraits } from './compat.js'
import { CONTENT_COLLECTIONS } from './content-models.js'
import { COLLECTIONS } from './models.js'

export interface IndexSpec {
  collection: string
  name: string
  key: Record<string, IndexDirection>
  options?: Pick<CreateIndexesOptions, 'unique' | 'partialFilterExpression' | 'expireAfterSeconds'>
  /** Why it exists (shown in the README). */
  why: string
}

const present = (field: string) => ({ [field]: { $type: 'string' } })

/**
 * Every index the MongoDB store relies on, created at start-up by `ensureIndexes` (autoIndex is
 * off, so nothing is built behind our back on a busy collection). Exported for the README.
 */
export const MONGO_INDEXES: readonly IndexSpec[] = [
  {
    collection: COLLECTIONS.users,
    name: 'appId_openid',
    key: { appId: 1, openid: 1 },
    options: { unique: true },
    why: 'identity: one user per (appId, openid); makes the first-login upsert race-safe',
  },
  {
    collection: COLLECTIONS.users,
    name: 'appId_unionid',
    key: { appId: 1, unionid: 1 },
    options: { unique: true, partialFilterExpression: present('unionid') },
    why: 'one user per unionid within a mini-program, where a unionid is known (the same person has one unionid across mini-programs)',
  },
  {
    collection: COLLECTIONS.users,
    name: 'phone',
    key: { phone: 1 },
    options: { unique: true, partialFilterExpression: present('phone') },
    why: 'a phone number is bound to at most one user',
  },
  {
    collection: COLLECTIONS.users,
    name: 'phoneNational',
    key: { phoneNational: 1 },
    why: 'admin search by national number',
  },
  {
    collection: COLLECTIONS.users,
    name: 'createdAt_id',
    key: { createdAt: -1, _id: -1 },
    why: 'admin list, newest first',
  },
  {
    collection: COLLECTIONS.users,
    name: 'lastLoginAt_id',
    key: { lastLoginAt: -1, _id: -1 },
    why: 'admin list, by last login',
  },
  {
    collection: COLLECTIONS.sessions,
    name: 'userId_expiresAt',
    key: { userId: 1, expiresAt: 1 },
    why: 'active sessions of a user; revoke all',
  },
  {
    collection: COLLECTIONS.sessions,
    name: 'expiresAt_ttl',
    key: { expiresAt: 1 },
    options: { expireAfterSeconds: 0 },
    why: 'MongoDB deletes a refresh family once it has ended',
  },
  {
    collection: COLLECTIONS.refreshTokens,
    name: 'expiresAt_ttl',
    key: { expiresAt: 1 },
    options: { expireAfterSeconds: 0 },
    why: 'refresh tokens go with their family',
  },
  {
    collection: COLLECTIONS.loginCodes,
    name: 'expiresAt_ttl',
    key: { expiresAt: 1 },
    options: { expireAfterSeconds: 0 },
    why: 'a login code lives 5 minutes',
  },
  {
    collection: COLLECTIONS.audit,
    name: 'at',
    key: { at: -1, _id: -1 },
    why: 'audit log, newest first',
  },
  {
    collection: COLLECTIONS.audit,
    name: 'action_at',
    key: { action: 1, at: -1 },
    why: 'audit log by action',
  },
  {
    collection: COLLECTIONS.audit,
    name: 'actorId_at',
    key: { actorId: 1, at: -1 },
    why: 'audit log by user (as actor)',
  },
  {
    collection: COLLECTIONS.audit,
    name: 'targetId_at',
    key: { targetId: 1, at: -1 },
    why: 'audit log by user (as target)',
  },
  {
    collection: COLLECTIONS.loginTickets,
    name: 'expiresAt',
    key: { expiresAt: 1 },
    why: 'the store purges console sign-in tickets a day after they end (a late poll still reads "expired")',
  },
  {
    collection: CONTENT_COLLECTIONS.moderation,
    name: 'status_createdAt',
    key: { status: 1, createdAt: 1, _id: 1 },
    why: 'moderation queue: open items, oldest first',
  },
  {
    collection: CONTENT_COLLECTIONS.moderation,
    name: 'status_decidedAt',
    key: { status: 1, decidedAt: -1, _id: -1 },
    why: 'moderation queue: decided items, newest first',
  },
  {
    collection: CONTENT_COLLECTIONS.moderation,
    name: 'userId_kind_status',
    key: { userId: 1, kind: 1, status: 1 },
    why: "one open item per user's text (a nickname re-sent at every login)",
  },
  {
    collection: CONTENT_COLLECTIONS.mediaChecks,
    name: 'status_createdAt',
    key: { status: 1, createdAt: 1 },
    why: 'image checks still waiting for a verdict (the sweep, the pending gauge)',
  },
]

/**
 * What FerretDB 1.x gets instead (compat.ts): the same unique keys without the partial filter
 * (its SQL backends let any number of documents lack the field), and plain expiresAt indexes
 * with the store's own sweeper instead of TTL.
 */
function adapt(spec: IndexSpec, traits: ServerTraits): IndexSpec {
  const options = { ...spec.options }
  if (!traits.partialIndexes) delete options.partialFilterExpression
  if (!traits.ttlIndexes) delete options.expireAfterSeconds
  return { ...spec, options }
}

/** Collections whose expired documents the store deletes itself when TTL indexes are missing. */
export const EXPIRING = [
  COLLECTIONS.sessions,
  COLLECTIONS.refreshTokens,
  COLLECTIONS.loginCodes,
] as const

const OPTIONS_CONFLICT = new Set([85, 86]) // IndexOptionsConflict, IndexKeySpecsConflict

export async function ensureIndexes(conn: Connection, traits: ServerTraits): Promise<void> {
  const byCollection = new Map<string, IndexSpec[]>()
  for (const spec of MONGO_INDEXES.map((s) => adapt(s, traits))) {
    byCollection.set(spec.collection, [...(byCollection.get(spec.collection) ?? []), spec])
  }
  for (const [name, specs] of byCollection) {
    const collection = conn.db!.collection(name)
    for (const spec of specs) {
      const create = () => collection.createIndex(spec.key, { name: spec.name, ...spec.options })
      try {
        await create()
      } catch (err) {
        // An older definition under the same name: replace it (what syncIndexes would do).
        if (!OPTIONS_CONFLICT.has((err as { code?: number }).code ?? 0)) throw err
        await collection.dropIndex(spec.name)
        await create()
      }
    }
  }
}
