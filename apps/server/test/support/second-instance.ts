import type { Config } from '../../src/config.js'
import { startServer, type RunningServer } from '../../src/start-server.js'
import { capturedLogger } from './log-capture.js'
import type { Stack } from './stack.js'

/**
 * Another server process on the stack's database and WeChat simulator (a second instance behind
 * a load balancer, or the next deploy), with some settings changed. It shares the stack's clock,
 * so `s.clock.advance` moves both.
 */
export async function secondInstance(
  s: Stack,
  changes: Partial<Config> = {},
): Promise<RunningServer & { request: Stack['request'] }> {
  const server = await startServer({
    config: { ...s.server.config, port: 0, ...changes },
    clock: s.clock,
    logger: capturedLogger().logger,
  })
  const request: Stack['request'] = async (method, p, init = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    if (init.body !== undefined) headers['content-type'] ??= 'application/json'
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers,
      body: init.body === undefined ? init.raw : JSON.stringify(init.body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  }
  return Object.assign(server, { request })
}
