import { ConfigError, parseConfig, type Config } from './config.js'
import { createLogger } from './logger.js'
import { startServer } from './start-server.js'

function loadConfig(): Config {
  try {
    return parseConfig(process.env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
}

const config = loadConfig()
const logger = createLogger(config.logLevel)

try {
  const running = await startServer({ config, logger })
  const wechat = running.simulatorUrl
    ? `WeChat simulator on ${running.simulatorUrl}`
    : `WeChat API ${config.wechat.apiBase}`
  logger.info(
    { url: running.url, simulatorUrl: running.simulatorUrl, store: running.store.kind },
    `wxlogin API on ${running.url} (${running.store.kind} store; ${wechat})`,
  )

  const shutdown = (signal: string) => {
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down')
    // close() cuts connections after the grace period; this only guards a store that hangs on close.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting')
      process.exit(1)
    }, config.shutdownGraceMs + 5000).unref()
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
} catch (err) {
  logger.fatal({ err }, 'wxlogin failed to start')
  process.exit(1)
}
