import type { LoginTicketRecord, LoginTicketRepo } from '../store.js'
import { OP_TIMEOUT_MS, type WriteGate } from './compat.js'
import { guard } from './errors.js'
import { COLLECTIONS, type LoginTicketDoc, type Models } from './models.js'

const toTicket = ({ _id, ...rest }: LoginTicketDoc): LoginTicketRecord => ({ id: _id, ...rest })

/** Tickets live minutes; a day past their end they are certainly of no use to a late poll. */
const RETENTION_MS = 24 * 60 * 60 * 1000
const PURGE_EVERY_MS = 60_000

export function createLoginTicketRepo({ LoginTicket }: Models, gate: WriteGate): LoginTicketRepo {
  // Not a TTL index: it would delete a ticket at its expiry, and a poll must still read "expired".
  let lastPurge = -Infinity
  const purge = (now: Date) => {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return
    lastPurge = Date.now()
    const cutoff = new Date(now.getTime() - RETENTION_MS)
    void gate
      .run(COLLECTIONS.loginTickets, () => LoginTicket.deleteMany({ expiresAt: { $lt: cutoff } }))
      .catch(() => undefined)
  }

  return {
    create: ({ id, ...rest }) => {
      purge(rest.createdAt)
      return gate.run(COLLECTIONS.loginTickets, async () => {
        await LoginTicket.insertMany([{ _id: id, ...rest, consumedAt: null }], { lean: true })
      })
    },

    findById: (id) =>
      guard(async () => {
        const doc = await LoginTicket.findById(id).lean<LoginTicketDoc>().maxTimeMS(OP_TIMEOUT_MS)
        return doc ? toTicket(doc) : null
      }),

    // The filter is the precondition: one findOneAndUpdate is the compare-and-set.
    transition: (c) =>
      gate.run(COLLECTIONS.loginTickets, async () => {
        const doc = (await LoginTicket.findOneAndUpdate(
          {
            _id: c.id,
            state: { $in: [...c.from] },
            expiresAt: { $gt: c.now },
            consumedAt: null,
            ...(c.scannedBy === undefined ? {} : { scannedBy: c.scannedBy }),
          },
          { $set: { state: c.to, ...c.set } },
          { returnDocument: 'after', lean: true, maxTimeMS: OP_TIMEOUT_MS },
        )) as LoginTicketDoc | null
        return doc ? toTicket(doc) : null
      }),

    consume: (id, now) =>
      gate.run(COLLECTIONS.loginTickets, async () => {
        const res = await LoginTicket.updateOne(
          { _id: id, state: 'approved', consumedAt: null, expiresAt: { $gt: now } },
          { $set: { consumedAt: now } },
        )
        return res.modifiedCount === 1
      }),
  }
}
