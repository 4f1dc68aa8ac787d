import { existsSync } from 'node:fs'
import path from 'node:path'
import { ConfigError, parseConfig, type Config } from './config.js'
import { createLogger } from './logger.js'
import { consoleDir } from './modules/admin-console/admin-console.routes.js'
import { listenFailure } from './runtime/listen-failure.js'
import { nodeEndOfLifeWarning } from './runtime/node-eol.js'
import { startupBanner } from './runtime/startup-banner.js'
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
const endOfLife = nodeEndOfLifeWarning(process.version, new Date())
if (endOfLife) logger.warn({ node: process.version }, endOfLife)

try {
  const running = await startServer({ config, logger })
  const consoleBuilt = existsSync(path.join(consoleDir(config.adminConsole.dir), 'index.html'))
  const wechat = running.simulatorUrl
    ? `WeChat simulator on ${running.simulatorUrl}`
    : `WeChat API ${config.wechat.apiBase}`
  // A person at a terminal gets a banner; everything else (and every other line) stays JSON.
  if (process.stdout.isTTY)
    process.stdout.write(
      startupBanner({
        url: running.url,
        simulatorUrl: running.simulatorUrl,
        store: running.store.kind,
        config,
        node: process.version,
        consoleBuilt,
      }),
    )
  else
    logger.info(
      {
        url: running.url,
        simulatorUrl: running.simulatorUrl,
        store: running.store.kind,
        dataDir: config.dataDir,
        node: process.version,
        adminConsole: consoleBuilt ? `${running.url}/admin` : null,
      },
      `wxlogin API on ${running.url} (${running.store.kind} store; ${wechat}${consoleBuilt ? `; admin console ${running.url}/admin` : ''})`,
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
  const busy = listenFailure(err, { api: config.port, simulator: config.simulator?.port ?? null })
  if (busy) process.stderr.write(`${busy}\n`)
  else logger.fatal({ err }, 'wxlogin failed to start')
  process.exit(1)
}
