import { randomBytes, timingSafeEqual } from 'node:crypto'
import { LoginTicketId } from '@wxlogin/shared/dto'
import type { LoginTicketRecord, LoginTicketState } from '../../store/store.js'
import { hashToken } from '../../tokens/refresh-token.js'

/** A scan-to-login ticket lives 2 minutes (docs/admin-console.md). */
export const TICKET_TTL_MS = 2 * 60 * 1000
/** A sign-in link from `admin:login-link` lives 10 minutes. */
export const LINK_TTL_MS = 10 * 60 * 1000

/** 128 random bits, 22 base64url characters: a valid WeChat scene (≤ 32 visible characters). */
export const newTicketId = (): string => randomBytes(16).toString('base64url')
/** 256 random bits: what only the asking browser (or the link's holder) knows. */
export const newTicketSecret = (): string => randomBytes(32).toString('base64url')

/** Anything else is not one of our ids: not found, without a store round trip. */
export const plausibleTicketId = (id: string): boolean => LoginTicketId.safeParse(id).success

/** Does `secret` hash to the ticket's stored hash? Constant-time, like any secret comparison. */
export function secretMatches(ticket: LoginTicketRecord, secret: string): boolean {
  const given = Buffer.from(hashToken(secret), 'hex')
  const stored = Buffer.from(ticket.pollTokenHash, 'hex')
  return given.length === stored.length && timingSafeEqual(given, stored)
}

/** The status a poll reports: `expired` once its time is up, whatever state it was left in. */
export function statusAt(ticket: LoginTicketRecord, now: Date): LoginTicketState | 'expired' {
  if (ticket.consumedAt) return 'approved'
  return ticket.expiresAt <= now ? 'expired' : ticket.state
}
