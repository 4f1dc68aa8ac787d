import { z } from 'zod'
import { TokenPair } from './auth.js'
import { IsoDateTime } from './common.js'
import { SessionDevice } from './sessions.js'
import { User } from './user.js'

/**
 * Scan-to-login for the admin console (扫码登录): the browser asks for a ticket and shows its
 * mini-program code; an admin scans it with the mini-program and approves; the browser's poll then
 * receives the tokens of a new session of that admin, once.
 */
export const LoginTicketStatus = z.enum(['pending', 'scanned', 'approved', 'rejected', 'expired'])
export type LoginTicketStatus = z.infer<typeof LoginTicketStatus>

/** The mini-program page the code opens; its `scene` is the ticket id. */
export const ADMIN_LOGIN_PAGE = 'pages/admin-login/index'

/** A ticket id: 22 base64url characters (128 random bits), within WeChat's 32-character scene. */
export const LoginTicketId = z.string().regex(/^[\w-]{16,32}$/)

export const LoginTicketCreated = z.object({
  ticketId: z.string(),
  /** Only the browser that asked knows it: polling needs it. */
  pollToken: z.string(),
  /** The mini-program code (WeChat's getwxacodeunlimit image) as a data URL. */
  qrImage: z.string().startsWith('data:image/'),
  page: z.string(),
  expiresAt: IsoDateTime,
  /**
   * Development with the WeChat simulator only: the same page in the mini-program's H5 build
   * (`<h5 origin>/#/pages/admin-login/index?scene=<ticketId>`), so the loop runs in a browser.
   */
  h5Url: z.string().optional(),
})
export type LoginTicketCreated = z.infer<typeof LoginTicketCreated>

export const PollLoginTicketRequest = z.object({ pollToken: z.string().min(1).max(128) })
export type PollLoginTicketRequest = z.infer<typeof PollLoginTicketRequest>

/** The status; once, when approved, also the token pair of the approving admin's new session. */
export const LoginTicketPoll = TokenPair.partial().extend({
  status: LoginTicketStatus,
  user: User.optional(),
})
export type LoginTicketPoll = z.infer<typeof LoginTicketPoll>

/** What the scanning phone is shown: who is asking to sign in, so the admin can recognise it. */
export const LoginTicketScanned = z.object({
  status: LoginTicketStatus,
  expiresAt: IsoDateTime,
  /** When the browser asked. */
  createdAt: IsoDateTime,
  /** The asking browser's user agent, as it sent it. */
  browser: z.string().nullable(),
  /** The same in words (`Windows 10 · Chrome 131`), as the devices list names sessions. */
  device: SessionDevice.nullable(),
  /** The asking browser's IP, masked like a session's (`203.0.113.*`). */
  ip: z.string().nullable(),
})
export type LoginTicketScanned = z.infer<typeof LoginTicketScanned>

export const AdminStatsQuery = z.object({
  /**
   * Where "today" starts for `newToday`, as the operator's local midnight in UTC (the console
   * sends it); at most 48 hours back. Default: midnight UTC.
   */
  dayStart: IsoDateTime.optional(),
})
export type AdminStatsQuery = z.infer<typeof AdminStatsQuery>

export const AdminStats = z.object({
  users: z.object({
    total: z.number().int().nonnegative(),
    active: z.number().int().nonnegative(),
    disabled: z.number().int().nonnegative(),
    newToday: z.number().int().nonnegative(),
  }),
  logins24h: z.number().int().nonnegative(),
  activeSessions: z.number().int().nonnegative(),
})
export type AdminStats = z.infer<typeof AdminStats>
