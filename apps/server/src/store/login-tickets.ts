/** The admin console's sign-in tickets (扫码登录): part of the storage port (store.ts). */

/** A console sign-in ticket's stored state; `expired` is not stored, it is read from expiresAt. */
export type LoginTicketState = 'pending' | 'scanned' | 'approved' | 'rejected'

/**
 * A sign-in ticket of the admin console (modules/admin-login): a QR code scanned and approved
 * from the mini-program, or a one-time link from the CLI (born approved). It holds no token: the
 * poll that consumes an approved ticket starts the session.
 */
export interface LoginTicketRecord {
  /** Random, URL-safe; the mini-program code's `scene`. */
  id: string
  kind: 'qr' | 'link'
  /** sha256 of the poll token (or of the link's secret); the token itself is never stored. */
  pollTokenHash: string
  state: LoginTicketState
  createdAt: Date
  expiresAt: Date
  /** The browser that asked. */
  userAgent: string | null
  ip: string | null
  /** The last user who scanned it; only they may approve or reject it. */
  scannedBy: string | null
  /** The admin whose new session the ticket delivers. */
  approvedBy: string | null
  /** Set by the one poll that took the tokens: the ticket is used. */
  consumedAt: Date | null
}

export interface LoginTicketTransition {
  id: string
  /** The states it may move from. */
  from: readonly LoginTicketState[]
  to: LoginTicketState
  now: Date
  /** Moves only a ticket last scanned by this user. */
  scannedBy?: string
  set: Partial<Pick<LoginTicketRecord, 'scannedBy' | 'approvedBy'>>
}

export interface LoginTicketRepo {
  create(ticket: Omit<LoginTicketRecord, 'consumedAt'>): Promise<void>
  findById(id: string): Promise<LoginTicketRecord | null>
  /**
   * One atomic compare-and-set: moves a live ticket (not expired at `now`, not consumed) from one
   * of `from` to `to`. The ticket after the move, or null when it was not in a state to move.
   */
  transition(change: LoginTicketTransition): Promise<LoginTicketRecord | null>
  /** Atomic single use of an approved, live ticket: true for exactly one caller. */
  consume(id: string, now: Date): Promise<boolean>
}
