import type { RouteSpec } from '../route.js'
import { adminRoutes } from './admin.js'
import { authRoutes } from './auth.js'
import { moderationRoutes } from './moderation.js'
import { operationsRoutes } from './operations.js'
import { profileRoutes } from './profile.js'
import { wechatPushRoutes } from './wechat-push.js'

/**
 * Every operation of the API, by operation id: the one route table. The server registers one
 * handler per entry (a missing or extra handler does not compile), the OpenAPI document is generated
 * from it, and the client calls operations by these names. Each path literal lives in exactly
 * one of the files composed here.
 */
export const routes = {
  ...authRoutes,
  ...profileRoutes,
  ...adminRoutes,
  ...moderationRoutes,
  ...operationsRoutes,
  ...wechatPushRoutes,
} satisfies Record<string, RouteSpec>

export type Routes = typeof routes
export type RouteName = keyof Routes
