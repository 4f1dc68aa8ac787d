import { bodyParser } from '@koa/bodyparser'
import Koa from 'koa'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { FileStore } from './files/file-store.js'
import type { AppState } from './http/context.js'
import { errorMiddleware } from './http/error-middleware.js'
import { requestLog } from './http/request-log.js'
import { requireAuth } from './http/require-auth.js'
import { corsPolicy, securityHeaders } from './http/security.js'
import type { Logger } from './logger.js'
import { adminRoutes } from './modules/admin/admin.routes.js'
import { createAdminService } from './modules/admin/admin.service.js'
import { authRoutes } from './modules/auth/auth.routes.js'
import { createAuthService } from './modules/auth/auth.service.js'
import { avatarRoutes } from './modules/avatar/avatar.routes.js'
import { createAvatarService } from './modules/avatar/avatar.service.js'
import { verifyOpenData } from './modules/auth/open-data.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { meRoutes } from './modules/me/me.routes.js'
import { createMeService } from './modules/me/me.service.js'
import type { Store } from './store/store.js'
import type { AccessTokens } from './tokens/access-token.js'
import type { WechatClient } from './wechat/wechat-client.js'

export interface AppDeps {
  config: Config
  store: Store
  logger: Logger
  wechat: WechatClient
  accessTokens: AccessTokens
  /** Refresh successor keys, newest first (auth.service.ts, refresh). */
  refreshKeys: readonly string[]
  clock: Clock
  /** Where uploaded avatars go (the disk under DATA_DIR, or an object store). */
  files: FileStore
}

/** Composes the feature modules (STYLE.md 1). Everything it needs is passed in. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, store, logger, clock } = deps
  const app = new Koa<AppState>({ proxy: config.trustProxy })
  const auth = requireAuth({ accessTokens: deps.accessTokens, store, clock })

  const authService = createAuthService({
    store,
    wechat: deps.wechat,
    accessTokens: deps.accessTokens,
    refreshKeys: deps.refreshKeys,
    apps: config.apps,
    refreshTtlSeconds: config.jwt.refreshTtlSeconds,
    clock,
    logger,
    verifyOpenData,
  })

  app.use(requestLog(logger))
  app.use(errorMiddleware(logger))
  app.use(securityHeaders())
  app.use(corsPolicy(config))
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '64kb', formLimit: '64kb' }))

  for (const router of [
    healthRoutes(store),
    authRoutes(authService, auth),
    meRoutes(createMeService({ store }), auth),
    avatarRoutes(createAvatarService({ store, files: deps.files }), deps.files, auth),
    adminRoutes(createAdminService({ store, clock }), auth),
  ]) {
    app.use(router.routes())
  }
  return app
}
