import type { LoginCodeCache, WxTokenCache } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard, isDuplicateKey } from './errors.js'
import { COLLECTIONS, type LoginCodeDoc, type Models, type WxTokenDoc } from './models.js'

export function createLoginCodeCache({ LoginCode }: Models, gate: WriteGate): LoginCodeCache {
  return {
    // The TTL index deletes expired codes only about once a minute: the filter decides.
    get: (codeHash, now) =>
      guard(async () => {
        const doc = await LoginCode.findOne({ _id: codeHash, expiresAt: { $gt: now } })
          .lean<LoginCodeDoc>()
          .maxTimeMS(OP_TIMEOUT_MS)
        return doc ? { appId: doc.appId, openid: doc.openid, unionid: doc.unionid } : null
      }),

    put: (codeHash, value, expiresAt) =>
      gate.run(COLLECTIONS.loginCodes, async () => {
        try {
          await LoginCode.insertMany([{ _id: codeHash, ...value, expiresAt }], { lean: true })
        } catch (err) {
          // First writer wins: the unique _id turns the second insert into a no-op.
          if (!isDuplicateKey(err)) throw err
        }
      }),
  }
}

export function createWxTokenCache({ WxToken, WxLease }: Models, gate: WriteGate): WxTokenCache {
  return {
    get: (appId) =>
      guard(async () => {
        const doc = await WxToken.findById(appId).lean<WxTokenDoc>().maxTimeMS(OP_TIMEOUT_MS)
        return doc ? { appId: doc._id, token: doc.token, expiresAt: doc.expiresAt } : null
      }),

    save: (value) =>
      gate.run(COLLECTIONS.wxTokens, async () => {
        const write = () =>
          WxToken.updateOne(
            { _id: value.appId },
            { $set: { token: value.token, expiresAt: value.expiresAt } },
            { upsert: true },
          )
        // Two instances upserting the first token at once: the loser's insert hits the unique _id
        // (E11000); the document now exists, so the same update simply matches it.
        try {
          await write()
        } catch (err) {
          if (!isDuplicateKey(err)) throw err
          await write()
        }
      }),

    drop: (appId, token) =>
      gate.run(COLLECTIONS.wxTokens, async () => {
        await WxToken.deleteOne({ _id: appId, token })
      }),

    /**
     * One upsert: it matches when we already hold the lease or it has run out, and otherwise
     * tries to insert a second document with the same _id, which the unique _id refuses (E11000):
     * someone else holds it.
     */
    acquireLease: (appId, holder, until, now) =>
      gate.run(COLLECTIONS.wxLeases, async () => {
        try {
          await WxLease.updateOne(
            { _id: appId, $or: [{ holder }, { until: { $lte: now } }] },
            { $set: { holder, until } },
            { upsert: true },
          )
          return true
        } catch (err) {
          if (isDuplicateKey(err)) return false
          throw err
        }
      }),

    releaseLease: (appId, holder) =>
      gate.run(COLLECTIONS.wxLeases, async () => {
        await WxLease.deleteOne({ _id: appId, holder })
      }),
  }
}
