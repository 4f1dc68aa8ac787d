import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServedRoute } from './app.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import { createWxlogin } from './create-wxlogin.js'
import { createHttpServer } from './http/http-server.js'
import { createLogger, type Logger } from './logger.js'
import type { Store } from './store/store.js'

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

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

/** The standalone server: wxlogin (create-wxlogin.ts) behind its own hardened HTTP server. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(options.config.logLevel)
  const wxlogin = await createWxlogin({ config: options.config, logger, clock: options.clock })
  const { app, config } = wxlogin

  const handle = app.callback()
  const server = createHttpServer((req, res) => void handle(req, res), config.http, logger)
  const address = await listen(server, config.port, config.host).catch(async (err: unknown) => {
    await wxlogin.close()
    throw err
  })
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  wxlogin.pushTo(url)

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
      await wxlogin.close()
    })())

  return {
    url,
    simulatorUrl: wxlogin.simulatorUrl,
    store: wxlogin.store,
    config,
    routes: app.routes,
    close,
  }
}
