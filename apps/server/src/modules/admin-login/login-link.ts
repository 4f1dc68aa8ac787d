import { AppError } from '../../app-error.js'
import type { Store } from '../../store/store.js'
import { hashToken } from '../../tokens/refresh-token.js'
import { LINK_TTL_MS, newTicketId, newTicketSecret } from './login-ticket.js'

export interface LoginLink {
  ticketId: string
  /** Goes into the link only: it is stored as a hash. */
  secret: string
  expiresAt: Date
}

/**
 * A one-time console sign-in for an admin, for bootstrap and machines without WeChat (the
 * `admin:login-link` command): a ticket born approved, valid 10 minutes, that the console
 * redeems by polling it with the link's secret. The first poll takes it; any later one gets no
 * tokens.
 */
export async function issueLoginLink(store: Store, userId: string, now: Date): Promise<LoginLink> {
  const user = await store.users.findById(userId)
  if (!user) throw new AppError('NOT_FOUND', `No user with id ${userId}.`)
  if (user.status !== 'active') throw new AppError('USER_DISABLED', `${userId} is disabled.`)
  if (!user.roles.includes('admin'))
    throw new AppError('FORBIDDEN', `${userId} is not an admin (grant the role first).`)
  const ticketId = newTicketId()
  const secret = newTicketSecret()
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS)
  await store.loginTickets.create({
    id: ticketId,
    kind: 'link',
    pollTokenHash: hashToken(secret),
    state: 'approved',
    createdAt: now,
    expiresAt,
    userAgent: null,
    ip: null,
    scannedBy: null,
    approvedBy: userId,
  })
  // actorId null: the operator at the terminal, not an API user.
  await store.audit.append({
    at: now,
    action: 'admin_login_link_issued',
    actorId: null,
    targetId: userId,
    ip: null,
    details: { via: 'cli', ticketId, expiresAt: expiresAt.toISOString() },
  })
  return { ticketId, secret, expiresAt }
}
