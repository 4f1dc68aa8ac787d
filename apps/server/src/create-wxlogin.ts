import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { Simulator } from '@wxlogin/wechat-sim'
import { routes } from '@wxlogin/shared/api'
import { createApp, type App } from './app.js'
import { createMetrics } from './metrics/metrics.js'
import { systemClock, type Clock } from './clock.js'
import { ConfigError, parseConfig, type Config } from './config.js'
import { createDiskFileStore } from './files/disk-file-store.js'
import { resumeAccountDeletions } from './modules/account/resume-deletions.js'
import type { FileStore } from './files/file-store.js'
import { createRateLimits } from './http/rate-limit.js'
import { createLogger, type Logger } from './logger.js'
import { withCachedReads } from './store/cached-reads.js'
import { createStore } from './store/create-store.js'
import type { Store } from './store/store.js'
import { createAccessTokens } from './tokens/access-token.js'
import { publicKeySet } from './tokens/jwks.js'
import { keyRing, loadOrCreateDevKeys } from './tokens/key-ring.js'
import { successorKeys } from './tokens/refresh-token.js'
import { createWechatClient, type WechatClient } from './wechat/wechat-client.js'

export interface WxloginOptions {
  /** The parsed configuration; or give `env` and it is parsed (a ConfigError names each problem). */
  config?: Config
  /** Environment-style settings (the variables of the README's Configuration table). */
  env?: Record<string, string | undefined>
  /** A store of your own (it stays open on close()); default: MongoDB or SQLite per the config. */
  store?: Store
  /** A WeChat client of your own (a test double, a proxy); default: WeChat's HTTP API. */
  wechat?: WechatClient
  logger?: Logger
  /** Where avatars go; default: the disk under DATA_DIR, served by this app. */
  files?: FileStore
  clock?: Clock
}

/** wxlogin, built and not listening: mount `app` anywhere (koa-mount) or serve its callback. */
export interface Wxlogin {
  app: App
  /** The configuration in use (with the built-in simulator's mini-program, when it runs). */
  config: Config
  store: Store
  logger: Logger
  simulatorUrl: string | null
  /**
   * Tells the built-in simulator (when it runs) where this wxlogin is reachable, so it pushes
   * image verdicts to its message push endpoint; a no-op with a real WeChat.
   */
  pushTo(baseUrl: string): void
  /** Closes what this call opened: rate limits, the store (unless passed in), the simulator. */
  close(): Promise<void>
}

/**
 * Without an AppSecret the server runs the WeChat simulator itself and points itself at it. The
 * simulator is loaded only then: a production server never has it in memory.
 */
async function withSimulator(
  config: Config,
  logger: Logger,
): Promise<{ config: Config; simulator: Simulator | null }> {
  if (!config.simulator) return { config, simulator: null }
  const { startSimulator } = await import('@wxlogin/wechat-sim')
  const app = {
    appId: config.simulator.appId,
    secret: randomBytes(16).toString('hex'),
    // Message push in safe mode, to this server (pointed there by pushTo once it is reachable):
    // the whole content-security loop runs locally. Hex is within WeChat's letters and digits.
    pushToken: randomBytes(16).toString('hex'),
    pushAesKey: randomBytes(22).toString('hex').slice(0, 43),
  }
  const simulator = await startSimulator({
    port: config.simulator.port,
    host: '127.0.0.1',
    apps: [app],
  })
  logger.warn(
    { simulatorUrl: simulator.url, appId: app.appId },
    'No WeChat AppSecret configured: using the built-in WeChat simulator (development only)',
  )
  return {
    config: { ...config, apps: [app], wechat: { ...config.wechat, apiBase: simulator.url } },
    simulator,
  }
}

function configOf(options: WxloginOptions): Config {
  if (options.config) return options.config
  if (options.env) return parseConfig(options.env)
  throw new ConfigError('createWxlogin: pass `config` or `env`')
}

/**
 * Builds the whole API from a configuration, with the store, the WeChat client, the logger, the
 * file store and the clock injectable, and listens nowhere: start-server.ts listens, and a host
 * Koa app can `app.use(mount('/auth', wxlogin.app))` instead (docs/tokens.md, "Embedding").
 */
export async function createWxlogin(options: WxloginOptions): Promise<Wxlogin> {
  const parsed = configOf(options)
  const logger = options.logger ?? createLogger(parsed.logLevel)
  const clock = options.clock ?? systemClock
  if (options.wechat && parsed.simulator)
    throw new ConfigError(
      'WX_APP_ID, WX_APP_SECRET (or WX_APPS): required with an injected WeChat client (the built-in simulator is not started)',
    )
  const { config, simulator } = options.wechat
    ? { config: parsed, simulator: null }
    : await withSimulator(parsed, logger)
  const closers: (() => Promise<void>)[] = [async () => simulator?.close()]
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer()
  }
  try {
    const database = options.store ?? (await createStore(config))
    if (!options.store) closers.push(() => database.close())
    const store = withCachedReads(database, {
      ttlMs: config.authCacheTtlMs,
      now: () => clock.now().getTime(),
    })

    const keys = keyRing(
      config.jwt.keys ?? (await loadOrCreateDevKeys(config.dataDir, config.jwt.algorithm)),
    )
    const accessTokens = createAccessTokens({
      keys,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.accessTtlSeconds,
      clock,
    })
    const metrics = createMetrics()
    const wechat =
      options.wechat ??
      createWechatClient({
        apiBase: config.wechat.apiBase,
        timeoutMs: config.wechat.timeoutMs,
        logger,
        observe: metrics.wechatCall,
        tokenCache: store.wxTokens,
        clock,
      })
    const rateLimits = createRateLimits(config.rateLimit, logger)
    closers.push(() => rateLimits.close())
    await rateLimits.ready()
    if (config.env === 'production' && !config.publicUrl)
      logger.warn(
        'PUBLIC_URL is not set: avatar URLs will use the Host header of each upload request; set it to the public origin of this API',
      )
    if (config.content.check === 'wechat' && !config.apps.some((a) => a.pushToken))
      logger.warn(
        { verdictTimeoutMinutes: config.content.verdictTimeoutMs / 60_000 },
        'CONTENT_CHECK=wechat without a message push Token (WX_PUSH_TOKEN): WeChat cannot deliver avatar verdicts, so uploaded avatars stay pending and go to the moderation queue after the timeout',
      )
    const files =
      options.files ??
      createDiskFileStore({
        dir: path.join(config.dataDir, 'avatars'),
        // GET /avatars/{name} serves what this store keeps.
        routePrefix: routes.getAvatar.path.replace('/{name}', ''),
        publicUrl: config.publicUrl,
      })
    // A deletion a crash interrupted (MongoDB) is finished before anyone can sign in again.
    await resumeAccountDeletions({ store, files, logger, clock })
    const app = createApp({
      config,
      store,
      logger,
      wechat,
      accessTokens,
      refreshKeys: successorKeys(keys),
      publicKeys: publicKeySet(keys),
      clock,
      metrics,
      files,
      rateLimits,
    })
    // The content verdict sweep stops before the store closes (closers run last-in, first-out).
    closers.push(() => app.stopBackground())
    const pushTo = (baseUrl: string) => {
      const [simApp] = config.apps
      if (!simulator || !simApp?.pushToken) return
      const url = `${baseUrl.replace(/\/+$/, '')}${routes.receiveWechatPush.path}`
      simulator.setPushTarget({ url, token: simApp.pushToken, aesKey: simApp.pushAesKey })
      logger.info({ pushUrl: url }, 'the built-in simulator pushes image verdicts here (safe mode)')
    }
    return { app, config, store, logger, simulatorUrl: simulator?.url ?? null, pushTo, close }
  } catch (err) {
    await close()
    throw err
  }
}
