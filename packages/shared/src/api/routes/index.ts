import type { RouteSpec } from '../route.js'
import { accountRoutes } from './account.js'
import { adminConsoleRoutes } from './admin-console.js'
import { adminRoutes } from './admin.js'
import { authRoutes } from './auth.js'
import { keysRoutes } from './keys.js'
import { operationsRoutes } from './operations.js'
import { profileRoutes } from './profile.js'
import { sessionsRoutes } from './sessions.js'
import { moderationRoutes } from './moderation.js'
import { wechatPushRoutes } from './wechat-push.js'

/**
 * Every operation of the API, by operation id: the one route table. The server registers one
 * handler per entry (a missing or extra handler does not compile), the OpenAPI document is generated
 * from it, and the client calls operations by these names. Path literals live only in the files
 * composed here (one file per feature area; one path may have operations in two areas, as
 * `/api/me` has in profile.ts and account.ts).
 */
export const routes = {
  ...authRoutes,
  ...profileRoutes,
  ...accountRoutes,
  ...sessionsRoutes,
  ...adminRoutes,
  ...adminConsoleRoutes,
  ...operationsRoutes,
  ...keysRoutes,
  ...moderationRoutes,
  ...wechatPushRoutes,
} satisfies Record<string, RouteSpec>

export type Routes = typeof routes
export type RouteName = keyof Routes
