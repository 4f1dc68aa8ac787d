import type {
  MediaCheckRecord,
  MediaCheckRepo,
  ModerationRecord,
  ModerationRepo,
} from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import {
  CONTENT_COLLECTIONS,
  type ContentModels,
  type MediaCheckDoc,
  type ModerationDoc,
} from './content-models.js'
import { guard } from './errors.js'
import { objectId } from './user-doc.js'

// Nullable fields read as null when a server leaves a null out of the document (FerretDB does).
const toItem = ({ _id, ...d }: ModerationDoc): ModerationRecord => ({
  id: _id.toHexString(),
  ...d,
  label: d.label ?? null,
  traceId: d.traceId ?? null,
  decidedAt: d.decidedAt ?? null,
  decidedBy: d.decidedBy ?? null,
})
const toCheck = ({ _id, ...d }: MediaCheckDoc): MediaCheckRecord => ({
  traceId: _id,
  ...d,
  suggest: d.suggest ?? null,
  label: d.label ?? null,
  settledAt: d.settledAt ?? null,
})

const OPEN = { status: 'open' } as const
const CLOSED = { status: { $ne: 'open' } } as const
const lean = { returnDocument: 'after', lean: true, maxTimeMS: OP_TIMEOUT_MS } as const

export function createModerationRepo(
  { Moderation }: ContentModels,
  gate: WriteGate,
): ModerationRepo {
  const write = <T>(op: () => Promise<T>) => gate.run(CONTENT_COLLECTIONS.moderation, op)
  return {
    add: (item) =>
      write(async () => {
        if (item.status !== 'open') {
          const [doc] = await Moderation.insertMany([item], { lean: true })
          return toItem(doc as unknown as ModerationDoc)
        }
        // An open twin (same user, kind and content) is returned instead of a second item.
        const { userId, kind, content } = item
        const doc = (await Moderation.findOneAndUpdate(
          { userId, kind, content, ...OPEN },
          { $setOnInsert: item },
          { ...lean, upsert: true, setDefaultsOnInsert: false },
        )) as ModerationDoc | null
        if (!doc) throw new Error('upsert returned no document')
        return toItem(doc)
      }),

    findById: (id) =>
      guard(async () => {
        const _id = objectId(id)
        const doc = _id && (await Moderation.findById(_id).lean<ModerationDoc>())
        return doc ? toItem(doc) : null
      }),

    list: ({ status, page, pageSize }) =>
      guard(async () => {
        const open = status === 'open'
        const filter = open ? OPEN : CLOSED
        const [docs, total] = await Promise.all([
          Moderation.find(filter)
            .sort(open ? { createdAt: 1, _id: 1 } : { decidedAt: -1, _id: -1 })
            .skip((page - 1) * pageSize)
            .limit(pageSize)
            .lean<ModerationDoc[]>()
            .maxTimeMS(OP_TIMEOUT_MS),
          Moderation.countDocuments(filter).maxTimeMS(OP_TIMEOUT_MS),
        ])
        return { items: docs.map(toItem), total }
      }),

    decide: (id, { status, by, at }) =>
      write(async () => {
        const _id = objectId(id)
        if (!_id) return null
        const doc = (await Moderation.findOneAndUpdate(
          { _id, ...OPEN },
          { $set: { status, decidedAt: at, decidedBy: by } },
          lean,
        )) as ModerationDoc | null
        return doc ? toItem(doc) : null
      }),

    countOpen: () => guard(() => Moderation.countDocuments(OPEN).maxTimeMS(OP_TIMEOUT_MS).exec()),

    removeForUser: (userId) =>
      write(async () => {
        await Moderation.deleteMany({ userId })
      }),
  }
}

export function createMediaCheckRepo(
  { MediaCheck }: ContentModels,
  gate: WriteGate,
): MediaCheckRepo {
  const write = <T>(op: () => Promise<T>) => gate.run(CONTENT_COLLECTIONS.mediaChecks, op)
  return {
    add: ({ traceId, ...rest }) =>
      write(async () => {
        await MediaCheck.updateOne(
          { _id: traceId },
          {
            $setOnInsert: {
              ...rest,
              status: 'pending',
              suggest: null,
              label: null,
              settledAt: null,
            },
          },
          { upsert: true },
        )
      }),

    findByTraceId: (traceId) =>
      guard(async () => {
        const doc = await MediaCheck.findById(traceId).lean<MediaCheckDoc>()
        return doc ? toCheck(doc) : null
      }),

    // One conditional update: a retried push finds the check settled and changes nothing.
    settle: (traceId, { suggest, label }, at) =>
      write(async () => {
        const doc = (await MediaCheck.findOneAndUpdate(
          { _id: traceId, status: { $in: ['pending', 'expired'] } },
          { $set: { status: 'settled', suggest, label, settledAt: at } },
          lean,
        )) as MediaCheckDoc | null
        return doc ? toCheck(doc) : null
      }),

    markApplied: (traceId) =>
      write(async () => {
        await MediaCheck.updateOne(
          { _id: traceId, status: 'settled' },
          { $set: { status: 'applied' } },
        )
      }),

    // Each candidate is claimed by a conditional update, so two sweeping instances never both
    // return one check.
    expire: (createdBefore, limit) =>
      write(async () => {
        const candidates = await MediaCheck.find({
          status: 'pending',
          createdAt: { $lt: createdBefore },
        })
          .sort({ createdAt: 1 })
          .limit(limit)
          .select({ _id: 1 })
          .lean<{ _id: string }[]>()
          .maxTimeMS(OP_TIMEOUT_MS)
        const expired = []
        for (const { _id } of candidates) {
          const doc = (await MediaCheck.findOneAndUpdate(
            { _id, status: 'pending' },
            { $set: { status: 'expired' } },
            lean,
          )) as MediaCheckDoc | null
          if (doc) expired.push(toCheck(doc))
        }
        return expired
      }),

    countPending: () =>
      guard(() => MediaCheck.countDocuments({ status: 'pending' }).maxTimeMS(OP_TIMEOUT_MS).exec()),

    removeForUser: (userId) =>
      write(async () => {
        await MediaCheck.deleteMany({ userId })
      }),
  }
}
