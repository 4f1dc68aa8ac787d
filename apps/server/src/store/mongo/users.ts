import type { QueryFilter, Types } from 'mongoose'
import { AppError } from '../../app-error.js'
import { givenProfile, PROFILE_DEFAULTS, PROFILE_KEYS } from '../profile-fields.js'
import type { PhoneInput, UpsertLoginInput, UserListQuery, UserRecord, UserRepo } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard, isDuplicateKey } from './errors.js'
import { createAccountDeletion } from './account-deletion.js'
import { COLLECTIONS, type Models, type UserDoc } from './models.js'
import { objectId, toUserRecord } from './user-doc.js'

/** Login writes skip a disabled user: a refused login changes nothing on the account. */
const NOT_DISABLED = { status: { $ne: 'disabled' } } as const

/** Regex metacharacters escaped: the admin's query is text, never a pattern (no ReDoS, no `.*`). */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** `eraseAlso`: what else an account deletion removes of the user (the content queue). */
export function createUserRepo(
  models: Models,
  gate: WriteGate,
  eraseAlso: (userId: string) => Promise<void>,
): UserRepo {
  const { User } = models
  const byId = async (_id: Types.ObjectId) =>
    User.findById(_id).lean<UserDoc>().maxTimeMS(OP_TIMEOUT_MS)

  /**
   * One atomic upsert: `$setOnInsert` for what only a first login writes; metadata says which.
   * The filter skips a disabled user, so for one the upsert tries to insert and fails on the
   * unique (appId, openid) index: nothing of theirs is written (see upsertOnLogin).
   */
  async function upsertOnce(input: UpsertLoginInput) {
    const profile = givenProfile(input.profile)
    const onInsert: Record<string, unknown> = {
      createdAt: input.now,
      roles: ['user'],
      status: 'active',
    }
    for (const key of PROFILE_KEYS) if (!(key in profile)) onInsert[key] = PROFILE_DEFAULTS[key]
    if (input.unionid) onInsert.unionid = input.unionid
    // An agreement accepted with this login is recorded in the same write.
    const agreement = input.agreement && {
      agreement: { version: input.agreement.version, acceptedAt: input.agreement.acceptedAt },
    }
    const res = await User.findOneAndUpdate(
      { appId: input.appId, openid: input.openid, ...NOT_DISABLED },
      {
        $set: { ...profile, ...agreement, lastLoginAt: input.now },
        $inc: { loginCount: 1 },
        $setOnInsert: onInsert,
      },
      {
        upsert: true,
        returnDocument: 'after',
        includeResultMetadata: true,
        lean: true,
        setDefaultsOnInsert: false,
        maxTimeMS: OP_TIMEOUT_MS,
      },
    )
    const doc = res.value as UserDoc | null
    if (!doc) throw new AppError('INTERNAL', 'upsert returned no document')
    return { doc, isNew: res.lastErrorObject?.updatedExisting === false }
  }

  /**
   * Back-fills the unionid of an existing user who has none (WeChat returns it once the app is
   * bound to an open-platform account). Done before the login is counted, so a unionid that
   * belongs to another user of the app fails the login without changing anything.
   */
  async function backfillUnionid(input: UpsertLoginInput, unionid: string): Promise<void> {
    try {
      await User.updateOne(
        { appId: input.appId, openid: input.openid, unionid: { $exists: false }, ...NOT_DISABLED },
        { $set: { unionid } },
      )
    } catch (err) {
      if (isDuplicateKey(err))
        throw new AppError('CONFLICT', 'This unionid belongs to another user of this app.', {
          cause: err,
        })
      throw err
    }
  }

  return {
    upsertOnLogin: (input) =>
      gate.run(COLLECTIONS.users, async () => {
        if (input.unionid) await backfillUnionid(input, input.unionid)
        for (let attempt = 1; ; attempt++) {
          try {
            const { doc, isNew } = await upsertOnce(input)
            return { user: toUserRecord(doc), isNew }
          } catch (err) {
            if (!isDuplicateKey(err)) throw err
            // The filter matched no user, and inserting one broke a unique index. Either the
            // user exists and is disabled: returned as stored, nothing written. Or a concurrent
            // first login of the same (appId, openid) inserted it meanwhile (MongoDB usually
            // retries that itself; FerretDB never does): one more try updates it, as a later
            // login. Or the unionid belongs to another openid of this app: a conflict, not a 500.
            const existing = await User.findOne({ appId: input.appId, openid: input.openid })
              .lean<UserDoc>()
              .maxTimeMS(OP_TIMEOUT_MS)
            if (!existing) {
              throw new AppError('CONFLICT', 'This unionid belongs to another user of this app.', {
                cause: err,
              })
            }
            if (existing.status === 'disabled')
              return { user: toUserRecord(existing), isNew: false }
            if (attempt >= 2) throw err
          }
        }
      }),

    findById: (id) =>
      guard(async () => {
        const _id = objectId(id)
        const doc = _id && (await byId(_id))
        return doc ? toUserRecord(doc) : null
      }),

    updateProfile: (id, patch) =>
      gate.run(COLLECTIONS.users, async () => {
        const _id = objectId(id)
        if (!_id) return null
        const set = givenProfile(patch)
        // `before`, and `after` computed from it: $set of plain values is exactly that merge.
        const before =
          Object.keys(set).length === 0
            ? await byId(_id)
            : ((await User.findOneAndUpdate(
                { _id },
                { $set: set },
                { returnDocument: 'before', lean: true, maxTimeMS: OP_TIMEOUT_MS },
              )) as UserDoc | null)
        if (!before) return null
        return { before: toUserRecord(before), after: toUserRecord({ ...before, ...set }) }
      }),

    updateProfileIf: (id, expected, patch) =>
      gate.run(COLLECTIONS.users, async () => {
        const _id = objectId(id)
        if (!_id) return null
        const set = givenProfile(patch)
        // `{ field: null }` also matches a document without the field, as SQLite's `IS NULL` does.
        const filter: QueryFilter<UserDoc> = { _id, ...givenProfile(expected) }
        const before =
          Object.keys(set).length === 0
            ? await User.findOne(filter).lean<UserDoc>().maxTimeMS(OP_TIMEOUT_MS)
            : ((await User.findOneAndUpdate(
                filter,
                { $set: set },
                { returnDocument: 'before', lean: true, maxTimeMS: OP_TIMEOUT_MS },
              )) as UserDoc | null)
        if (!before) return null
        return { before: toUserRecord(before), after: toUserRecord({ ...before, ...set }) }
      }),

    listByAvatarFile: (fileName, limit) =>
      guard(async () => {
        const docs = await User.find({ avatarUrl: { $regex: `/${escapeRegex(fileName)}$` } })
          .sort({ _id: 1 })
          .limit(limit)
          .lean<UserDoc[]>()
          .maxTimeMS(OP_TIMEOUT_MS)
        return docs.map(toUserRecord)
      }),

    avatarInUse: (fileName) =>
      guard(async () => {
        const pattern = `/${escapeRegex(fileName)}$`
        return (
          (await User.exists({ avatarUrl: { $regex: pattern } }).maxTimeMS(OP_TIMEOUT_MS)) !== null
        )
      }),

    setPhone: async (id, phone: PhoneInput) => {
      try {
        return await update(id, {
          phone: phone.phone,
          phoneNational: phone.phoneNational,
          phoneCountryCode: phone.phoneCountryCode,
        })
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONFLICT') {
          throw new AppError('CONFLICT', 'This phone number is bound to another user.', {
            cause: err.cause,
          })
        }
        throw err
      }
    },

    updateAccount: (id, patch) => {
      const set: Partial<UserDoc> = {}
      if (patch.status !== undefined) set.status = patch.status
      if (patch.roles !== undefined) set.roles = patch.roles
      return update(id, set)
    },

    acceptAgreement: (id, { version, acceptedAt }) =>
      update(id, { agreement: { version, acceptedAt } }),

    ...createAccountDeletion(models, gate, eraseAlso),

    list: (query: UserListQuery) =>
      guard(async () => {
        const filter: QueryFilter<UserDoc> = {}
        if (query.status) filter.status = query.status
        if (query.role) filter.roles = query.role
        const q = query.q?.trim()
        if (q) {
          const byId = objectId(q)
          filter.$or = [
            { nickname: { $regex: escapeRegex(q), $options: 'i' } },
            ...(byId ? [{ _id: byId }] : []),
            { openid: q },
            { unionid: q },
            { phone: q },
            { phoneNational: q },
          ]
        }
        const dir = query.order === 'asc' ? 1 : -1
        const [docs, total] = await Promise.all([
          User.find(filter)
            .sort({ [query.sort ?? 'createdAt']: dir, _id: dir })
            .skip((query.page - 1) * query.pageSize)
            .limit(query.pageSize)
            .lean<UserDoc[]>()
            .maxTimeMS(OP_TIMEOUT_MS),
          User.countDocuments(filter).maxTimeMS(OP_TIMEOUT_MS),
        ])
        return { items: docs.map(toUserRecord), total }
      }),

    stats: (since) =>
      guard(async () => {
        const count = (filter: QueryFilter<UserDoc>) =>
          User.countDocuments(filter).maxTimeMS(OP_TIMEOUT_MS)
        const [total, active, disabled, createdSince] = await Promise.all([
          count({}),
          count({ status: 'active' }),
          count({ status: 'disabled' }),
          count({ createdAt: { $gte: since } }),
        ])
        return { total, active, disabled, createdSince }
      }),
  }

  /** `$set` on one user; null when there is no such user. E11000 (the phone index) → CONFLICT. */
  function update(id: string, set: Partial<UserDoc>): Promise<UserRecord | null> {
    return gate.run(COLLECTIONS.users, async () => {
      const _id = objectId(id)
      if (!_id) return null
      const doc =
        Object.keys(set).length === 0
          ? await byId(_id)
          : ((await User.findOneAndUpdate(
              { _id },
              { $set: set },
              { returnDocument: 'after', lean: true, maxTimeMS: OP_TIMEOUT_MS },
            )) as UserDoc | null)
      return doc ? toUserRecord(doc) : null
    })
  }
}
