import {
  AdminStats,
  AdminStatsQuery,
  LoginTicketCreated,
  LoginTicketPoll,
  LoginTicketScanned,
  PollLoginTicketRequest,
} from '../../dto/index.js'
import { noContent, raw, route } from '../route.js'

const ticket = '/api/admin/login-tickets/{id}'

/**
 * The admin console: its page and files, its sign-in by scanning a mini-program code with the
 * mini-program (扫码登录), and its dashboard numbers.
 */
export const adminConsoleRoutes = {
  createLoginTicket: route({
    method: 'POST',
    path: '/api/admin/login-tickets',
    tag: 'admin',
    summary: 'Start a console sign-in: a ticket and its mini-program code',
    description:
      'No auth; rate limited per IP. The ticket lives 2 minutes and is single-use. `qrImage` is the mini-program code (getwxacodeunlimit) whose `scene` is the ticket id and whose page is `page`. Keep `pollToken`: only it can read the outcome.',
    auth: 'none',
    reply: LoginTicketCreated,
    errors: ['RATE_LIMITED', 'WX_UNAVAILABLE', 'WX_UPSTREAM_ERROR', 'DB_UNAVAILABLE'],
  }),
  pollLoginTicket: route({
    method: 'POST',
    path: `${ticket}/poll`,
    tag: 'admin',
    summary: "A sign-in ticket's status; once approved, the tokens (once)",
    description:
      'The first poll after an approval carries the token pair of a new session of the approving admin; later polls say `approved` without tokens. A wrong pollToken or an unknown ticket is 404.',
    auth: 'none',
    body: PollLoginTicketRequest,
    reply: LoginTicketPoll,
    errors: ['NOT_FOUND', 'FORBIDDEN', 'USER_DISABLED', 'DB_UNAVAILABLE'],
  }),
  scanLoginTicket: route({
    method: 'POST',
    path: `${ticket}/scan`,
    tag: 'admin',
    summary: 'The mini-program opened a sign-in code: mark it scanned and show who asks',
    auth: 'bearer',
    reply: LoginTicketScanned,
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  approveLoginTicket: route({
    method: 'POST',
    path: `${ticket}/approve`,
    tag: 'admin',
    summary: 'Approve a console sign-in (role admin; scan it first)',
    description:
      'Only a user with the `admin` role who scanned the ticket may approve it; anyone else gets 403 and the ticket stays unapproved. An expired or used ticket is 404.',
    auth: 'bearer',
    reply: noContent('Approved: the console receives its tokens on its next poll.'),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'DB_UNAVAILABLE'],
  }),
  rejectLoginTicket: route({
    method: 'POST',
    path: `${ticket}/reject`,
    tag: 'admin',
    summary: 'Refuse a console sign-in (scan it first)',
    auth: 'bearer',
    reply: noContent('Rejected: the console is told on its next poll.'),
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  adminStats: route({
    method: 'GET',
    path: '/api/admin/stats',
    tag: 'admin',
    summary: 'Dashboard numbers: users, logins in 24 hours, active sessions',
    auth: 'admin',
    query: AdminStatsQuery,
    reply: AdminStats,
    errors: ['DB_UNAVAILABLE'],
  }),
  adminConsole: route({
    method: 'GET',
    path: '/admin',
    tag: 'admin',
    summary: 'The admin console (a browser page)',
    description:
      "Strict Content-Security-Policy: scripts and styles from this origin only, no inline script. The console's routes live in the URL fragment (`/admin/#/users`).",
    auth: 'none',
    reply: raw('text/html', "The console's page."),
    errors: ['NOT_FOUND'],
  }),
  adminConsoleAsset: route({
    method: 'GET',
    path: '/admin/assets/{file}',
    tag: 'admin',
    summary: "The console's scripts, styles and fonts (content-hashed, cached for a year)",
    auth: 'none',
    reply: raw('application/octet-stream', 'A static file.'),
    errors: ['NOT_FOUND'],
  }),
  adminConsoleFile: route({
    method: 'GET',
    path: '/admin/{file}',
    tag: 'admin',
    summary:
      "A top-level file of the console's build (the icon); any other name is the console's page",
    auth: 'none',
    reply: raw('application/octet-stream', 'A static file, or the console page.'),
    errors: ['NOT_FOUND'],
  }),
}
