import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ContentSecurity } from './content-security.js'
import { handleControl, resetStats } from './control-routes.js'
import { FaultBook } from './fault-book.js'
import { sendJson } from './http-io.js'
import { PushSender } from './push-sender.js'
import type { SimContext } from './sim-context.js'
import type { Endpoint, Simulator, SimulatorOptions } from './types.js'
import { parseContentRules, parsePushTarget } from './validate.js'
import { WechatApi } from './wechat-api.js'
import { handleWechat, WECHAT_ROUTES } from './wechat-routes.js'

const CONTROL_PREFIX = '/__sim/'

async function dispatch(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/'
  const queryAt = url.indexOf('?')
  const path = queryAt === -1 ? url : url.slice(0, queryAt)
  const route = WECHAT_ROUTES.get(path)
  if (route !== undefined) {
    const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1))
    return handleWechat(ctx, route, req, res, query)
  }
  if (path.startsWith(CONTROL_PREFIX)) return handleControl(ctx, req, res, path)
  sendJson(res, 404, { errcode: -1, errmsg: 'not found' })
}

/** Starts the simulator on `host:port` (loopback and a random port by default). */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const now = opts.now ?? Date.now
  const timers = new Set<NodeJS.Timeout>()
  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  const pushes = new PushSender({ now, delay })
  const content = new ContentSecurity({ pushes, now, delay })
  const api = new WechatApi({ strict: opts.strict ?? false, apps: opts.apps ?? [], now, content })
  const faults = new FaultBook()
  const calls = {} as Record<Endpoint, number>
  resetStats(calls)
  const ctx: SimContext = { api, faults, calls, delay, content, pushes }

  const server = createServer((req, res) => {
    // A bug or an aborted request must not take the simulator down: answer 500 if still possible.
    dispatch(ctx, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { errcode: -1, errmsg: 'system error' })
      else res.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port, family } = server.address() as AddressInfo
  const host = family === 'IPv6' ? `[${address}]` : address

  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
    mintLoginCode: (input) => api.mintLoginCode(input),
    mintPhoneCode: (input) => api.mintPhoneCode(input),
    injectFault: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    stats: () => ({ calls: { ...calls }, pushes: pushes.stats() }),
    addApp: (app) => api.addApp(app),
    reset: () => {
      api.reset()
      faults.clear()
      resetStats(calls)
      pushes.clearLog()
    },
    setContentRules: (rules) => content.setRules(parseContentRules(rules)),
    setPushTarget: (target) => {
      pushes.target = target === null ? null : parsePushTarget(target)
    },
    pushes: () => [...pushes.log],
    idle: () => content.idle(),
  }
}
