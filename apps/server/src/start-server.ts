import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Simulator } from '@wxlogin/wechat-sim'
import { routes } from '@wxlogin/shared/api'
import { createApp, type ServedRoute } from './app.js'
import { createMetrics } from './metrics/metrics.js'
import { systemClock, type Clock } from './clock.js'
import type { Config } from './config.js'
import { createDiskFileStore } from './files/disk-file-store.js'
import { createHttpServer } from './http/http-server.js'
import { createRateLimits } from './http/rate-limit.js'
import { createLogger, type Logger } from './logger.js'
import { withCachedReads } from './store/cached-reads.js'
import { createStore } from './store/create-store.js'
import type { Store } from './store/store.js'
import { createAccessTokens } from './tokens/access-token.js'
import { keyRing, loadOrCreateDevKeys } from './tokens/key-ring.js'
import { successorKeys } from './tokens/refresh-token.js'
import { createWechatClient } from './wechat/wechat-client.js'

export interface StartOptions {
  config: Config
  logger?: Logger
  clock?: Clock
  /** Bound for in-flight requests on close (graceful shutdown); default config.shutdownGraceMs. */
  shutdownGraceMs?: number
}

export interface RunningServer {
  url: string
  simulatorUrl: string | null
  store: Store
  config: Config
  /** Every method + path the app serves. */
  routes: ServedRoute[]
  /** Stops accepting, lets in-flight requests finish (bounded), closes store and simulator. */
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
    // Message push in safe mode, to this server (pointed there once it listens): the whole
    // content-security loop runs locally. Hex is within WeChat's letters-and-digits alphabet.
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

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(options.config.logLevel)
  const clock = options.clock ?? systemClock
  const { config, simulator } = await withSimulator(options.config, logger)
  const database = await createStore(config).catch(async (err: unknown) => {
    await simulator?.close()
    throw err
  })
  const store = withCachedReads(database, {
    ttlMs: config.authCacheTtlMs,
    now: () => clock.now().getTime(),
  })

  const keys = keyRing(config.jwt.keys ?? (await loadOrCreateDevKeys(config.dataDir)))
  const accessTokens = createAccessTokens({
    keys,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTtlSeconds,
    clock,
  })
  const refreshKeys = successorKeys([...keys.byKid.values()].map((k) => k.secret))
  const metrics = createMetrics()
  const wechat = createWechatClient({
    apiBase: config.wechat.apiBase,
    timeoutMs: config.wechat.timeoutMs,
    logger,
    observe: metrics.wechatCall,
    tokenCache: store.wxTokens,
    clock,
  })
  const rateLimits = createRateLimits(config.rateLimit, logger)
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
  const files = createDiskFileStore({
    dir: path.join(config.dataDir, 'avatars'),
    // GET /avatars/{name} serves what this store keeps.
    routePrefix: routes.getAvatar.path.replace('/{name}', ''),
    publicUrl: config.publicUrl,
  })
  const app = createApp({
    config,
    store,
    logger,
    wechat,
    accessTokens,
    refreshKeys,
    clock,
    metrics,
    files,
    rateLimits,
  })

  const handle = app.callback()
  const server = createHttpServer((req, res) => void handle(req, res), config.http, logger)
  const address = await listen(server, config.port, config.host)
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  const [simApp] = config.apps
  if (simulator && simApp?.pushToken) {
    const pushUrl = `${url}${routes.receiveWechatPush.path}`
    simulator.setPushTarget({ url: pushUrl, token: simApp.pushToken, aesKey: simApp.pushAesKey })
    logger.info({ pushUrl }, 'the built-in simulator pushes image verdicts here (safe mode)')
  }

  let closing: Promise<void> | null = null
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const grace = setTimeout(
        () => server.closeAllConnections(),
        options.shutdownGraceMs ?? config.shutdownGraceMs,
      )
      await drained
      clearTimeout(grace)
      await app.stopBackground()
      await rateLimits.close()
      await store.close()
      await simulator?.close()
    })())

  return { url, simulatorUrl: simulator?.url ?? null, store, config, routes: app.routes, close }
}
