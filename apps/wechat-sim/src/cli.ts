#!/usr/bin/env node
// Runs the WeChat simulator: `wechat-sim --port 3100 --host 127.0.0.1 --strict --app wxid:secret`.
import { parseArgs } from 'node:util'
import { startSimulator } from './simulator.js'
import type { AppCredentials } from './types.js'

const USAGE =
  'usage: wechat-sim [--port 3100] [--host 127.0.0.1] [--strict] [--app appid:secret ...]'

function fail(message: string): never {
  process.stderr.write(`wechat-sim: ${message}\n${USAGE}\n`)
  process.exit(2)
}

function parseApp(value: string): AppCredentials {
  const colon = value.indexOf(':')
  if (colon <= 0 || colon === value.length - 1) fail(`--app must be appid:secret, got "${value}"`)
  return { appId: value.slice(0, colon), secret: value.slice(colon + 1) }
}

function parseCli(): { port: number; host: string; strict: boolean; apps: AppCredentials[] } {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string', default: '3100' },
        host: { type: 'string', default: '127.0.0.1' },
        strict: { type: 'boolean', default: false },
        app: { type: 'string', multiple: true, default: [] },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
  const port = Number(parsed.port)
  if (!/^\d+$/.test(parsed.port) || port > 65535)
    fail(`--port must be 0..65535, got "${parsed.port}"`)
  return { port, host: parsed.host, strict: parsed.strict, apps: parsed.app.map(parseApp) }
}

const options = parseCli()
const sim = await startSimulator(options)
// The CLI's one line of output: scripts read the URL from it.
process.stdout.write(`wechat-sim listening on ${sim.url}\n`)

let closing = false
function shutdown(): void {
  if (closing) return
  closing = true
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGINT', shutdown)
process.once('SIGTERM', shutdown)
