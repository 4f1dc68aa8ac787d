import type { UserRecord } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard, isDuplicateKey } from './errors.js'
import { COLLECTIONS, type AccountDeletionDoc, type Models, type UserDoc } from './models.js'
import { objectId, toUserRecord } from './user-doc.js'

/** Why the sessions of a deleted account ended (sessions.revokedReason). */
const ACCOUNT_DELETED = 'account_deleted'

/**
 * Account deletion on MongoDB, without a transaction: FerretDB 1.x has none, and a replica set
 * would be one more thing to require. Instead an order of writes in which every step is
 * idempotent and a crash anywhere leaves either an intact account or a finished erasure, never an
 * account that is half erased and can still sign in:
 *
 * 1. An intent document (`account_deletions`, keyed by the user id, no personal data) records
 *    that the deletion was asked for. A crash after it: the account is intact and the next start
 *    completes the deletion (pendingDeletions; the user had re-authenticated for it).
 * 2. The user document is deleted: ONE single-document write, atomic on every server, which
 *    removes the profile, phone, unionid and the openid link together. This is the commit point:
 *    from here no login finds the user (a new one is created) and every token of theirs fails
 *    (requireAuth and refresh find no user).
 * 3. Sessions are revoked and stripped of IP and user agent; refresh tokens are deleted; the
 *    user's texts and image checks waiting for moderation are deleted (`eraseAlso`). All are
 *    conditional updates or deletes that a re-run finds done.
 * 4. The `account_deleted` audit entry is inserted with the user's ObjectId as its `_id`, so a
 *    re-run hits the duplicate key instead of writing a second entry.
 * 5. The intent is removed.
 *
 * A re-run (the same request again, or pendingDeletions at start-up) goes through 2-5 again;
 * steps already done change nothing.
 */
export function createAccountDeletion(
  models: Models,
  gate: WriteGate,
  eraseAlso: (userId: string) => Promise<void>,
) {
  const { User, Session, RefreshToken, Audit, AccountDeletion } = models

  /** The intent of step 1, or null when there is no such user and no deletion under way. */
  async function intentFor(id: string, now: Date): Promise<AccountDeletionDoc | null> {
    const _id = objectId(id)
    if (!_id) return null
    const existing = await guard(() =>
      AccountDeletion.findById(id).lean<AccountDeletionDoc>().maxTimeMS(OP_TIMEOUT_MS),
    )
    if (existing) return existing
    const user = await guard(() =>
      User.findById(_id, { appId: 1 }).lean<Pick<UserDoc, 'appId'>>().maxTimeMS(OP_TIMEOUT_MS),
    )
    if (!user) return null
    const intent: AccountDeletionDoc = { _id: id, appId: user.appId, requestedAt: now }
    return gate.run(COLLECTIONS.accountDeletions, async () => {
      try {
        await AccountDeletion.insertMany([intent], { lean: true })
        return intent
      } catch (err) {
        // A concurrent deletion of the same account wrote it first: carry on with theirs.
        if (!isDuplicateKey(err)) throw err
        return AccountDeletion.findById(id).lean<AccountDeletionDoc>().maxTimeMS(OP_TIMEOUT_MS)
      }
    })
  }

  async function complete(intent: AccountDeletionDoc): Promise<UserRecord | null> {
    const userId = intent._id
    const _id = objectId(userId)
    if (!_id) return null
    const at = intent.requestedAt
    const erased = await gate.run(COLLECTIONS.users, () =>
      User.findOneAndDelete({ _id }, { lean: true, maxTimeMS: OP_TIMEOUT_MS }),
    )
    await gate.run(COLLECTIONS.sessions, async () => {
      await Session.updateMany(
        { userId, revokedAt: null },
        { $set: { revokedAt: at, revokedReason: ACCOUNT_DELETED } },
      )
      await Session.updateMany({ userId }, { $set: { ip: null, userAgent: null } })
    })
    await gate.run(COLLECTIONS.refreshTokens, () => RefreshToken.deleteMany({ userId }))
    await eraseAlso(userId)
    await gate.run(COLLECTIONS.audit, async () => {
      try {
        const entry = { _id, at, action: ACCOUNT_DELETED, actorId: userId, targetId: userId }
        await Audit.insertMany([{ ...entry, ip: null, details: { appId: intent.appId } }], {
          lean: true,
        })
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
    })
    await gate.run(COLLECTIONS.accountDeletions, () => AccountDeletion.deleteOne({ _id: userId }))
    return erased ? toUserRecord(erased) : null
  }

  return {
    async deleteAccount(id: string, now: Date): Promise<UserRecord | null> {
      const intent = await intentFor(id, now)
      return intent ? complete(intent) : null
    },

    pendingDeletions: (): Promise<string[]> =>
      guard(async () => {
        const docs = await AccountDeletion.find({}, { _id: 1 })
          .lean<Pick<AccountDeletionDoc, '_id'>[]>()
          .maxTimeMS(OP_TIMEOUT_MS)
        return docs.map((d) => d._id)
      }),
  }
}
