import type { QueryFilter } from 'mongoose'
import type { AuditRecord, AuditRepo } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard } from './errors.js'
import { COLLECTIONS, type AuditDoc, type Models } from './models.js'

const toAuditRecord = ({ _id, details, ...rest }: AuditDoc): AuditRecord => ({
  id: _id.toHexString(),
  ...rest,
  details: details ?? {},
})

export function createAuditRepo({ Audit }: Models, gate: WriteGate): AuditRepo {
  return {
    append: (entry) =>
      gate.run(COLLECTIONS.audit, async () => {
        await Audit.insertMany([entry], { lean: true })
      }),

    list: ({ action, userId, actorId, targetId, from, to, page, pageSize }) =>
      guard(async () => {
        const filter: QueryFilter<AuditDoc> = {}
        if (action) filter.action = action
        // A user's trail: what they did and what was done to them.
        if (userId) filter.$or = [{ actorId: userId }, { targetId: userId }]
        if (actorId) filter.actorId = actorId
        if (targetId) filter.targetId = targetId
        if (from || to) filter.at = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) }
        const [docs, total] = await Promise.all([
          Audit.find(filter)
            .sort({ at: -1, _id: -1 })
            .skip((page - 1) * pageSize)
            .limit(pageSize)
            .lean<AuditDoc[]>()
            .maxTimeMS(OP_TIMEOUT_MS),
          Audit.countDocuments(filter).maxTimeMS(OP_TIMEOUT_MS),
        ])
        return { items: docs.map(toAuditRecord), total }
      }),
  }
}
