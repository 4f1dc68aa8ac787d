import type { Jwks } from '@wxlogin/shared/dto'
import Koa from 'koa'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { FileStore } from './files/file-store.js'
import type { AppState } from './http/context.js'
import { errorMiddleware } from './http/error-middleware.js'
import type { RateLimits } from './http/rate-limit.js'
import { methodOverride } from './http/method-override.js'
import { requestLog } from './http/request-log.js'
import { requireAuth, requireRole } from './http/require-auth.js'
import { routeTable } from './http/route-table.js'
import { corsPolicy, securityHeaders } from './http/security.js'
import type { Logger } from './logger.js'
import { withAuthMetrics } from './metrics/auth-metrics.js'
import { httpMetrics } from './metrics/http-metrics.js'
import { createMetrics, type Metrics } from './metrics/metrics.js'
import { metricsAuth, metricsHandlers } from './metrics/metrics.routes.js'
import { accountHandlers } from './modules/account/account.routes.js'
import { createAccountService } from './modules/account/account.service.js'
import { adminConsoleHandlers } from './modules/admin-console/admin-console.routes.js'
import { adminLoginHandlers } from './modules/admin-login/admin-login.routes.js'
import { createAdminLoginService } from './modules/admin-login/admin-login.service.js'
import { adminHandlers } from './modules/admin/admin.routes.js'
import { createAdminService } from './modules/admin/admin.service.js'
import { authHandlers } from './modules/auth/auth.routes.js'
import { createAuthService } from './modules/auth/auth.service.js'
import { avatarHandlers } from './modules/avatar/avatar.routes.js'
import { createAvatarService } from './modules/avatar/avatar.service.js'
import { createContentService } from './modules/content/content.service.js'
import { startVerdictSweep, type VerdictSweep } from './modules/content/verdict-sweep.js'
import { moderationHandlers } from './modules/moderation/moderation.routes.js'
import { createModerationService } from './modules/moderation/moderation.service.js'
import { wechatPushHandlers } from './modules/wechat-push/push.routes.js'
import { createWechatPushService } from './modules/wechat-push/push.service.js'
import { verifyOpenData } from './modules/auth/open-data.js'
import { docsHandlers } from './modules/docs/docs.routes.js'
import { healthHandlers } from './modules/health/health.routes.js'
import { keysHandlers } from './modules/keys/keys.routes.js'
import { meHandlers } from './modules/me/me.routes.js'
import { phoneHandlers } from './modules/phone/phone.routes.js'
import { createPhoneService } from './modules/phone/phone.service.js'
import { createMeService } from './modules/me/me.service.js'
import { sessionsHandlers } from './modules/sessions/sessions.routes.js'
import { createSessionsService } from './modules/sessions/sessions.service.js'
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
  /** The public keys of the ring (GET /.well-known/jwks.json). */
  publicKeys: Jwks
  clock: Clock
  /** Where uploaded avatars go (the disk under DATA_DIR, or an object store). */
  files: FileStore
  /** Our own per-IP / per-user limits (memory, or Redis when REDIS_URL is set). */
  rateLimits: RateLimits
  /** The server's metrics registry (start-server shares it with the WeChat client); a fresh one if absent. */
  metrics?: Metrics
}

/** A route the app serves, Koa style (`:id` for a path parameter). */
export interface ServedRoute {
  method: string
  path: string
}

/**
 * The Koa app plus what it serves (the OpenAPI test compares that with the document) and a way
 * to stop its background work (the content verdict sweep) before the store closes.
 */
export type App = Koa<AppState> & { routes: ServedRoute[]; stopBackground(): Promise<void> }

/** Composes the feature modules (docs/contributing.md, style rule 1). Everything it needs is passed in. */
export function createApp(deps: AppDeps): App {
  const { config, store, logger, clock } = deps
  const metrics = deps.metrics ?? createMetrics()
  const app = new Koa<AppState>({ proxy: config.trustProxy })
  const auth = requireAuth({ accessTokens: deps.accessTokens, store, clock })
  const { files } = deps

  // Content security (docs/content-security.md): checks, verdicts, the moderation queue.
  const verdictDeps = { store, files, clock, logger, metrics: metrics.content }
  const content = createContentService({
    ...verdictDeps,
    wechat: deps.wechat,
    apps: config.apps,
    config: config.content,
  })
  metrics.content.watch({
    pendingVerdicts: () => store.mediaChecks.countPending(),
    openItems: () => store.moderation.countOpen(),
  })
  const sweep: VerdictSweep | null =
    config.content.check === 'wechat' ? startVerdictSweep(verdictDeps, config.content) : null

  const authService = withAuthMetrics(
    metrics,
    createAuthService({
      store,
      wechat: deps.wechat,
      accessTokens: deps.accessTokens,
      refreshKeys: deps.refreshKeys,
      apps: config.apps,
      refreshTtlSeconds: config.jwt.refreshTtlSeconds,
      agreementVersion: config.agreementVersion,
      clock,
      logger,
      verifyOpenData,
      content,
    }),
  )
  const phoneService = createPhoneService({
    store,
    wechat: deps.wechat,
    apps: config.apps,
    clock,
    logger,
  })
  const accountService = createAccountService({
    store,
    wechat: deps.wechat,
    apps: config.apps,
    files: deps.files,
    clock,
    logger,
  })

  const defaultApp = config.apps[0]
  if (!defaultApp) throw new Error('createApp: no mini-program configured')
  const adminLogin = createAdminLoginService({
    store,
    wechat: deps.wechat,
    app: defaultApp,
    clock,
    startSessionFor: authService.startSessionFor,
    wxacodeEnv: config.adminConsole.wxacodeEnv,
    miniappH5Url: config.adminConsole.miniappH5Url,
  })

  const router = routeTable(
    {
      ...healthHandlers(store),
      ...docsHandlers({ publicUrl: config.publicUrl }),
      ...metricsHandlers(metrics),
      ...authHandlers(authService),
      ...keysHandlers(deps.publicKeys),
      ...meHandlers(createMeService({ store, files, logger, content })),
      ...phoneHandlers(phoneService),
      ...avatarHandlers(createAvatarService({ store, files, logger, content }), files),
      ...accountHandlers(accountService),
      ...sessionsHandlers(createSessionsService({ store, clock })),
      ...adminHandlers(createAdminService({ store, clock })),
      ...adminLoginHandlers(adminLogin),
      ...adminConsoleHandlers({ dir: config.adminConsole.dir }),
      ...moderationHandlers(createModerationService(verdictDeps)),
      ...wechatPushHandlers(createWechatPushService({ ...verdictDeps, apps: config.apps })),
    },
    {
      auth: {
        bearer: [auth],
        admin: [auth, requireRole('admin')],
        metrics: [metricsAuth(config.metricsToken)],
      },
      // Before any WeChat or database call: per IP for sign-in, per user for billed phone calls.
      guards: {
        wxLogin: [deps.rateLimits.loginPerIp],
        legacyWxLogin: [deps.rateLimits.loginPerIp],
        legacyWxLoginNoSlash: [deps.rateLimits.loginPerIp],
        refresh: [deps.rateLimits.refreshPerIp],
        bindPhone: [deps.rateLimits.phonePerUser],
        uploadAvatar: [deps.rateLimits.avatarPerUser],
        // Deleting an account exchanges a wx.login code with WeChat: billed like a login.
        deleteMe: [deps.rateLimits.loginPerIp],
        createLoginTicket: [deps.rateLimits.adminTicketsPerIp],
      },
    },
  )

  app.use(requestLog(logger))
  app.use(httpMetrics(metrics))
  app.use(errorMiddleware(logger))
  app.use(securityHeaders())
  app.use(corsPolicy(config))
  app.use(methodOverride())
  app.use(router.routes())

  const routes = router.stack.flatMap((layer) =>
    layer.methods
      .filter((method) => method !== 'HEAD')
      .map((method) => ({ method, path: String(layer.path) })),
  )
  return Object.assign(app, { routes, stopBackground: async () => sweep?.stop() })
}
