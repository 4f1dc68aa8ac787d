import type { RefreshTokenRecord, SessionRecord, SessionRepo } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard, isDuplicateKey } from './errors.js'
import { COLLECTIONS, type Models, type RefreshTokenDoc, type SessionDoc } from './models.js'

const toSession = ({ _id, ...rest }: SessionDoc): SessionRecord => ({ id: _id, ...rest })
const toRefreshToken = ({ _id, ...rest }: RefreshTokenDoc): RefreshTokenRecord => ({
  hash: _id,
  ...rest,
})

export function createSessionRepo({ Session, RefreshToken }: Models, gate: WriteGate): SessionRepo {
  return {
    create: (session) =>
      gate.run(COLLECTIONS.sessions, async () => {
        const { id, ...rest } = session
        const doc: SessionDoc = { _id: id, ...rest, revokedAt: null, revokedReason: null }
        await Session.insertMany([doc], { lean: true })
        return toSession(doc)
      }),

    findById: (id) =>
      guard(async () => {
        const doc = await Session.findById(id).lean<SessionDoc>().maxTimeMS(OP_TIMEOUT_MS)
        return doc ? toSession(doc) : null
      }),

    addRefreshToken: (token) =>
      gate.run(COLLECTIONS.refreshTokens, async () => {
        const { hash, ...rest } = token
        try {
          await RefreshToken.insertMany([{ _id: hash, ...rest, usedAt: null }], { lean: true })
        } catch (err) {
          // Insert-if-absent: the rotation winner and a grace replay may both add the successor.
          if (!isDuplicateKey(err)) throw err
        }
      }),

    findRefreshToken: (hash) =>
      guard(async () => {
        const doc = await RefreshToken.findById(hash)
          .lean<RefreshTokenDoc>()
          .maxTimeMS(OP_TIMEOUT_MS)
        return doc ? toRefreshToken(doc) : null
      }),

    // One conditional update: of any number of racing callers exactly one matches `usedAt: null`.
    consumeRefreshToken: (hash, now) =>
      gate.run(COLLECTIONS.refreshTokens, async () => {
        const res = await RefreshToken.updateOne(
          { _id: hash, usedAt: null },
          { $set: { usedAt: now } },
        )
        return res.modifiedCount === 1
      }),

    touch: (id, now) =>
      gate.run(COLLECTIONS.sessions, async () => {
        await Session.updateOne({ _id: id }, { $set: { lastUsedAt: now } })
      }),

    revoke: (id, reason, now) =>
      gate.run(COLLECTIONS.sessions, async () => {
        const res = await Session.updateOne(
          { _id: id, revokedAt: null },
          { $set: { revokedAt: now, revokedReason: reason } },
        )
        return res.modifiedCount === 1
      }),

    revokeAllForUser: (userId, reason, now, exceptId) =>
      gate.run(COLLECTIONS.sessions, async () => {
        const active = {
          userId,
          revokedAt: null,
          expiresAt: { $gt: now },
          ...(exceptId === undefined ? {} : { _id: { $ne: exceptId } }),
        }
        const res = await Session.updateMany(active, {
          $set: { revokedAt: now, revokedReason: reason },
        })
        return res.modifiedCount
      }),

    listActive: (userId, now, limit) =>
      guard(async () => {
        const docs = await Session.find({ userId, revokedAt: null, expiresAt: { $gt: now } })
          .sort({ lastUsedAt: -1, createdAt: -1, _id: -1 })
          .limit(limit)
          .lean<SessionDoc[]>()
          .maxTimeMS(OP_TIMEOUT_MS)
        return docs.map(toSession)
      }),

    countActive: (userId, now) =>
      guard(() =>
        Session.countDocuments({ userId, revokedAt: null, expiresAt: { $gt: now } }).maxTimeMS(
          OP_TIMEOUT_MS,
        ),
      ),

    countAllActive: (now) =>
      guard(() =>
        Session.countDocuments({ revokedAt: null, expiresAt: { $gt: now } }).maxTimeMS(
          OP_TIMEOUT_MS,
        ),
      ),
  }
}
