import type { LoginTicketRecord, LoginTicketRepo, LoginTicketState } from '../store.js'
import { bestEffort, type Connection } from './connection.js'

interface LoginTicketRow {
  id: string
  kind: string
  poll_token_hash: string
  state: string
  created_at: number
  expires_at: number
  user_agent: string | null
  ip: string | null
  scanned_by: string | null
  approved_by: string | null
  consumed_at: number | null
}

const toTicket = (r: LoginTicketRow): LoginTicketRecord => ({
  id: r.id,
  kind: r.kind as LoginTicketRecord['kind'],
  pollTokenHash: r.poll_token_hash,
  state: r.state as LoginTicketState,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  userAgent: r.user_agent,
  ip: r.ip,
  scannedBy: r.scanned_by,
  approvedBy: r.approved_by,
  consumedAt: r.consumed_at === null ? null : new Date(r.consumed_at),
})

/** Tickets live minutes; a day past their end they are certainly of no use to a late poll. */
const RETENTION_MS = 24 * 60 * 60 * 1000

export function createLoginTicketRepo(
  { prepare, read, write }: Connection,
  shouldPurge: () => boolean,
): LoginTicketRepo {
  const insert = prepare(`
    INSERT INTO login_tickets (id, kind, poll_token_hash, state, created_at, expires_at, user_agent,
                               ip, scanned_by, approved_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const byId = prepare('SELECT * FROM login_tickets WHERE id = ?')
  // Compare-and-set in one statement: the WHERE is the precondition, RETURNING the new row.
  const transition = prepare(`
    UPDATE login_tickets
    SET state = :to,
        scanned_by = coalesce(:setScannedBy, scanned_by),
        approved_by = coalesce(:setApprovedBy, approved_by)
    WHERE id = :id
      AND state IN (SELECT value FROM json_each(:from))
      AND expires_at > :now AND consumed_at IS NULL
      AND (:scannedBy IS NULL OR scanned_by = :scannedBy)
    RETURNING *`)
  const consume = prepare(`
    UPDATE login_tickets SET consumed_at = ?
    WHERE id = ? AND state = 'approved' AND consumed_at IS NULL AND expires_at > ?`)
  const purge = prepare('DELETE FROM login_tickets WHERE expires_at < ?')

  return {
    create: (t) => {
      if (shouldPurge()) bestEffort(write(() => purge.run(t.createdAt.getTime() - RETENTION_MS)))
      return write(() => {
        insert.run(
          t.id,
          t.kind,
          t.pollTokenHash,
          t.state,
          t.createdAt.getTime(),
          t.expiresAt.getTime(),
          t.userAgent,
          t.ip,
          t.scannedBy,
          t.approvedBy,
        )
      })
    },

    findById: (id) =>
      read(() => {
        const row = byId.get<LoginTicketRow>(id)
        return row ? toTicket(row) : null
      }),

    transition: (c) =>
      write(() => {
        const row = transition.get<LoginTicketRow>({
          id: c.id,
          to: c.to,
          from: JSON.stringify(c.from),
          now: c.now.getTime(),
          scannedBy: c.scannedBy ?? null,
          setScannedBy: c.set.scannedBy ?? null,
          setApprovedBy: c.set.approvedBy ?? null,
        })
        return row ? toTicket(row) : null
      }),

    consume: (id, now) => write(() => consume.run(now.getTime(), id, now.getTime()).changes === 1),
  }
}
