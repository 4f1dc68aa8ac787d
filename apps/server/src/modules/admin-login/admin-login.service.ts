import { describeDevice } from '../sessions/device.js'
import { maskIp } from '../sessions/masked-ip.js'
import {
  ADMIN_LOGIN_PAGE,
  type LoginTicketCreated,
  type LoginTicketPoll,
  type LoginTicketScanned,
  type TokenPair,
} from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { Clock } from '../../clock.js'
import type { WxApp } from '../../config.js'
import type { RequestMeta } from '../../request-meta.js'
import type { LoginTicketRecord, Store, UserRecord } from '../../store/store.js'
import { hashToken } from '../../tokens/refresh-token.js'
import type { WechatClient } from '../../wechat/wechat-client.js'
import { toUser } from '../users/user-view.js'
import {
  newTicketId,
  newTicketSecret,
  plausibleTicketId,
  secretMatches,
  statusAt,
  TICKET_TTL_MS,
} from './login-ticket.js'

export interface AdminLoginDeps {
  store: Store
  wechat: WechatClient
  /** The mini-program whose code is shown (the default one). */
  app: WxApp
  clock: Clock
  /** Starts a session of the approving admin (auth.service.ts). */
  startSessionFor: (
    user: UserRecord,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ) => Promise<TokenPair>
  wxacodeEnv: 'release' | 'trial' | 'develop'
  /** With the simulator only: the mini-program's H5 build, for a clickable link to the page. */
  miniappH5Url: string | null
}

const GONE = 'This sign-in code has expired or was already used.'

/**
 * Scan-to-login for the admin console (扫码登录). A ticket moves pending → scanned → approved or
 * rejected, each step one compare-and-set in the store (so it holds across instances); it is
 * good for 2 minutes and delivers tokens once: the poll that consumes an approved ticket starts
 * the admin's session, and no token is ever stored.
 */
export function createAdminLoginService(deps: AdminLoginDeps) {
  const { store, clock } = deps

  async function find(id: string): Promise<LoginTicketRecord | null> {
    return plausibleTicketId(id) ? store.loginTickets.findById(id) : null
  }

  /** The approving admin, checked again now: the role or the account may have changed. */
  async function approver(ticket: LoginTicketRecord): Promise<UserRecord> {
    const user = ticket.approvedBy ? await store.users.findById(ticket.approvedBy) : null
    if (!user) throw new AppError('NOT_FOUND', GONE)
    if (user.status !== 'active') throw new AppError('USER_DISABLED')
    if (!user.roles.includes('admin')) throw new AppError('FORBIDDEN')
    return user
  }

  return {
    async create(meta: RequestMeta): Promise<LoginTicketCreated> {
      const id = newTicketId()
      const pollToken = newTicketSecret()
      // check_path works on published pages only: a trial or develop version must skip it.
      const code = await deps.wechat.getWxacode(deps.app, {
        scene: id,
        page: ADMIN_LOGIN_PAGE,
        env_version: deps.wxacodeEnv,
        ...(deps.wxacodeEnv === 'release' ? {} : { check_path: false }),
      })
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + TICKET_TTL_MS)
      await store.loginTickets.create({
        id,
        kind: 'qr',
        pollTokenHash: hashToken(pollToken),
        state: 'pending',
        createdAt: now,
        expiresAt,
        userAgent: meta.userAgent?.slice(0, 256) ?? null,
        ip: meta.ip,
        scannedBy: null,
        approvedBy: null,
      })
      const h5 = deps.miniappH5Url
      return {
        ticketId: id,
        pollToken,
        qrImage: `data:${code.contentType};base64,${code.image.toString('base64')}`,
        page: ADMIN_LOGIN_PAGE,
        expiresAt: expiresAt.toISOString(),
        ...(h5 ? { h5Url: `${h5}/#/${ADMIN_LOGIN_PAGE}?scene=${encodeURIComponent(id)}` } : {}),
      }
    },

    async poll(id: string, pollToken: string, meta: RequestMeta): Promise<LoginTicketPoll> {
      const ticket = await find(id)
      if (!ticket || !secretMatches(ticket, pollToken)) throw new AppError('NOT_FOUND')
      const now = clock.now()
      const status = statusAt(ticket, now)
      if (status !== 'approved' || ticket.consumedAt) return { status }
      // Exactly one poll wins the tokens; a concurrent one sees the ticket used.
      if (!(await store.loginTickets.consume(id, now))) {
        const after = await store.loginTickets.findById(id)
        return { status: after ? statusAt(after, now) : 'expired' }
      }
      const user = await approver(ticket)
      const pair = await deps.startSessionFor(user, meta, {
        via: ticket.kind === 'qr' ? 'admin-console-qr' : 'admin-console-link',
        ticketId: id,
      })
      return { status: 'approved', ...pair, user: toUser(user) }
    },

    async scan(user: UserRecord, id: string): Promise<LoginTicketScanned> {
      const ticket = plausibleTicketId(id)
        ? await store.loginTickets.transition({
            id,
            from: ['pending', 'scanned'],
            to: 'scanned',
            now: clock.now(),
            set: { scannedBy: user.id },
          })
        : null
      if (!ticket) throw new AppError('NOT_FOUND', GONE)
      return {
        status: 'scanned',
        expiresAt: ticket.expiresAt.toISOString(),
        createdAt: ticket.createdAt.toISOString(),
        browser: ticket.userAgent,
        device: describeDevice(ticket.userAgent),
        ip: maskIp(ticket.ip),
      }
    },

    /**
     * Only an admin who scanned the ticket may approve it. Anyone else is refused (audited when
     * they hold a live ticket they scanned) and the ticket stays as it was.
     */
    async approve(user: UserRecord, id: string, meta: RequestMeta): Promise<void> {
      const now = clock.now()
      if (!user.roles.includes('admin')) {
        const ticket = await find(id)
        if (ticket?.scannedBy === user.id && statusAt(ticket, now) === 'scanned') {
          await store.audit.append({
            at: now,
            action: 'admin_login_refused',
            actorId: user.id,
            targetId: user.id,
            ip: meta.ip,
            details: { ticketId: id, reason: 'FORBIDDEN' },
          })
        }
        throw new AppError('FORBIDDEN', 'Only an administrator can approve a console sign-in.')
      }
      const ticket = plausibleTicketId(id)
        ? await store.loginTickets.transition({
            id,
            from: ['scanned'],
            to: 'approved',
            now,
            scannedBy: user.id,
            set: { approvedBy: user.id },
          })
        : null
      if (!ticket) throw new AppError('NOT_FOUND', GONE)
      await store.audit.append({
        at: now,
        action: 'admin_login_approved',
        actorId: user.id,
        targetId: user.id,
        ip: meta.ip,
        details: { ticketId: id, browserIp: maskIp(ticket.ip) },
      })
    },

    async reject(user: UserRecord, id: string): Promise<void> {
      const ticket = plausibleTicketId(id)
        ? await store.loginTickets.transition({
            id,
            from: ['scanned'],
            to: 'rejected',
            now: clock.now(),
            scannedBy: user.id,
            set: {},
          })
        : null
      if (!ticket) throw new AppError('NOT_FOUND', GONE)
    },
  }
}

export type AdminLoginService = ReturnType<typeof createAdminLoginService>
