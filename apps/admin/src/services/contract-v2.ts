import { routes, type RouteName } from '@wxlogin/shared/api'
import type { ApiClient } from '@wxlogin/shared/client'

/*
 * Console pages for endpoints that other branches add to the route table (docs/api.md): a
 * user's sessions (GET /api/admin/users/:id/sessions, DELETE …/sessions/:sid) and the moderation
 * queue (GET /api/admin/moderation, POST /api/admin/moderation/:id). The pages call them by
 * operation name, like every other call; until the names below are in the route table the pages
 * say so instead of calling. After the merge, if a branch named an operation differently, change
 * it here, and nowhere else.
 */
export const PENDING_OPERATIONS = {
  listUserSessions: 'adminListUserSessions',
  revokeUserSession: 'adminRevokeUserSession',
  listModeration: 'listModeration',
  decideModeration: 'decideModeration',
} as const

export type PendingOperation = keyof typeof PENDING_OPERATIONS

/** docs/account-lifecycle.md. */
export interface Session {
  id: string
  current: boolean
  appId: string
  createdAt: string
  lastUsedAt: string
  userAgent: string | null
  ip: string | null
}

/** The moderation queue (docs/api.md). */
export interface ModerationItem {
  id: string
  userId: string
  kind: 'nickname' | 'bio' | 'avatar'
  content: string
  suggest: 'review' | 'risky'
  label: number | null
  status: 'open' | 'approved' | 'rejected'
  createdAt: string
}

export interface ModerationList {
  items: ModerationItem[]
  total: number
  page: number
  pageSize: number
}

/** Whether this server's route table has the operation (it is also what the client calls). */
export const isAvailable = (op: PendingOperation): boolean =>
  Object.hasOwn(routes, PENDING_OPERATIONS[op])

/** Calls a pending operation by name, through the shared client (auth, refresh, errors). */
export function callPending<T>(
  api: ApiClient,
  op: PendingOperation,
  input: { params?: Record<string, string>; query?: object; body?: unknown },
): Promise<T> {
  const name = PENDING_OPERATIONS[op] as RouteName
  const call = api.call as (name: RouteName, input: object) => Promise<unknown>
  return call(name, input) as Promise<T>
}
