import { MongoClient, ObjectId, type Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freshMongoStore } from '../../../test/support/mongo-stores.js'
import { capturedLogger } from '../../../test/support/log-capture.js'
import type { FileStore } from '../../files/file-store.js'
import { resumeAccountDeletions } from '../../modules/account/resume-deletions.js'
import type { MongoStore } from './mongo-store.js'
import { COLLECTIONS } from './models.js'

const server = inject('mongo')
if (!server)
  console.log(
    '[account-deletion.test] skipped: no MongoDB-protocol server for this run (see the [mongo-server] line)',
  )

const NOW = new Date('2026-03-01T08:00:00.000Z')
const later = (ms: number) => new Date(NOW.getTime() + ms)
const AVATAR = `${'b'.repeat(64)}.png`

/**
 * A deletion on MongoDB is an order of writes, not a transaction (account-deletion.ts). These
 * tests leave the database as a crash after each step would, and check that no state in between
 * is an account that is half erased yet still usable, and that a re-run (or the next start)
 * finishes the job exactly once.
 */
describe.skipIf(!server)(`account deletion after a crash, on ${server?.kind}`, () => {
  let fresh: Awaited<ReturnType<typeof freshMongoStore>>
  let store: MongoStore
  let client: MongoClient
  let db: Db

  beforeAll(async () => {
    fresh = await freshMongoStore(server?.uri ?? '')
    store = fresh.store
    client = await MongoClient.connect(server?.uri ?? '', { serverSelectionTimeoutMS: 2_000 })
    db = client.db(fresh.dbName)
  })
  afterAll(async () => {
    await client.close()
    await fresh.cleanup()
  })

  /** A user with a profile, an avatar, a session and a refresh token. */
  async function userWithSession(openid: string) {
    const { user } = await store.users.upsertOnLogin({
      appId: 'wxapp1',
      openid,
      profile: { nickname: 'Ada', avatarUrl: `https://cdn.test/avatars/${AVATAR}` },
      now: NOW,
    })
    await store.sessions.create({
      id: `${openid}-s`,
      userId: user.id,
      appId: 'wxapp1',
      createdAt: NOW,
      expiresAt: later(86_400_000),
      lastUsedAt: NOW,
      userAgent: 'MicroMessenger/8.0.47',
      ip: '203.0.113.7',
    })
    await store.sessions.addRefreshToken({
      hash: `${openid}-h`,
      sessionId: `${openid}-s`,
      userId: user.id,
      createdAt: NOW,
      expiresAt: later(86_400_000),
    })
    return user
  }
  const intent = (userId: string) =>
    db
      .collection<{ _id: string; appId: string; requestedAt: Date }>(COLLECTIONS.accountDeletions)
      .insertOne({ _id: userId, appId: 'wxapp1', requestedAt: later(1000) })
  const deletionEntries = async (userId: string) =>
    (await store.audit.list({ action: 'account_deleted', userId, page: 1, pageSize: 10 })).items

  it('crash after the intent: the account is intact (not half erased) and the re-run deletes it', async () => {
    const user = await userWithSession('o-crash-1')
    await intent(user.id)
    expect(await store.users.pendingDeletions()).toContain(user.id)
    expect(await store.users.findById(user.id)).toEqual(user)

    expect(await store.users.deleteAccount(user.id, later(5000))).toEqual(user)
    expect(await store.users.findById(user.id)).toBeNull()
    expect(await store.sessions.findById('o-crash-1-s')).toMatchObject({
      revokedReason: 'account_deleted',
      ip: null,
      userAgent: null,
    })
    // The entry is dated when the deletion was asked for.
    expect(await deletionEntries(user.id)).toEqual([
      expect.objectContaining({ at: later(1000), actorId: user.id, ip: null }),
    ])
    expect(await store.users.pendingDeletions()).not.toContain(user.id)
  })

  it('crash after the user document went: nothing can sign in, and the re-run revokes, strips and audits', async () => {
    const user = await userWithSession('o-crash-2')
    await intent(user.id)
    await db.collection(COLLECTIONS.users).deleteOne({ _id: new ObjectId(user.id) })
    // The commit point is behind us: a login of the same WeChat user is a new user.
    expect(await store.users.findById(user.id)).toBeNull()

    expect(await store.users.deleteAccount(user.id, later(5000))).toBeNull()
    expect(await store.sessions.findById('o-crash-2-s')).toMatchObject({
      revokedAt: later(1000),
      ip: null,
      userAgent: null,
    })
    expect(await store.sessions.findRefreshToken('o-crash-2-h')).toBeNull()
    expect(await deletionEntries(user.id)).toHaveLength(1)
    expect(await store.users.pendingDeletions()).not.toContain(user.id)
  })

  it('crash after the audit entry: the re-run does not write a second one', async () => {
    const user = await userWithSession('o-crash-3')
    await store.users.deleteAccount(user.id, later(1000))
    await intent(user.id)
    expect(await store.users.deleteAccount(user.id, later(5000))).toBeNull()
    expect(await deletionEntries(user.id)).toHaveLength(1)
    expect(await store.users.pendingDeletions()).not.toContain(user.id)
  })

  it('at start-up, resumeAccountDeletions completes them and removes the unshared avatar file', async () => {
    const user = await userWithSession('o-crash-4')
    await intent(user.id)
    const deleted: string[] = []
    const files: FileStore = {
      put: () => Promise.resolve(),
      url: (key) => key,
      async deleteUnlessUsed(key, inUse) {
        if (await inUse()) return false
        deleted.push(key)
        return true
      },
    }
    const { logger, lines } = capturedLogger()
    await resumeAccountDeletions({ store, files, logger, clock: { now: () => later(9000) } })
    expect(await store.users.findById(user.id)).toBeNull()
    expect(await store.users.pendingDeletions()).toEqual([])
    expect(deleted).toEqual([AVATAR])
    expect(lines.join('')).toContain('completed an account deletion that was interrupted')
    expect(lines.join('')).not.toContain('Ada')
  })
})
