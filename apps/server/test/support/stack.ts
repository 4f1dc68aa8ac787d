import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startSimulator, type Simulator } from '@wxlogin/wechat-sim'
import type { WxLoginResponse } from '@wxlogin/shared/dto'
import { parseConfig } from '../../src/config.js'
import { startServer, type RunningServer } from '../../src/start-server.js'
import type { Clock } from '../../src/clock.js'
import { capturedLogger } from './log-capture.js'
import type { StoreTarget } from './stores.js'

export const APP_ID = 'wxtest00000000001'
export const APP_SECRET = 'test-app-secret-0123456789'
export const JWT_SECRET = 'test-jwt-secret-0123456789-0123456789-abcdef'

/** A clock tests can move forward instead of sleeping. */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) }
}

export interface Stack {
  server: RunningServer
  sim: Simulator
  url: string
  clock: ReturnType<typeof movableClock>
  /** Every log line the server wrote, for leak checks. */
  logs: string[]
  request(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>
  login(input?: {
    openid?: string
    unionid?: string
    profile?: Record<string, unknown>
  }): Promise<WxLoginResponse>
  close(): Promise<void>
}

/**
 * The whole stack over real HTTP: the WeChat simulator and the server, each on a random
 * loopback port, the server on the given store.
 */
export async function startStack(
  target: StoreTarget,
  env: Record<string, string> = {},
): Promise<Stack> {
  const sim = await startSimulator({ apps: [{ appId: APP_ID, secret: APP_SECRET }] })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-test-'))
  const store = await target.prepare()
  const { logger, lines: logs } = capturedLogger()
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    WX_APP_ID: APP_ID,
    WX_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE: sim.url,
    // Short enough for the timeout tests (they hold WeChat 3 s), long enough for 20 concurrent
    // logins on a loaded 2-core CI machine.
    WECHAT_TIMEOUT_MS: '1000',
    JWT_SECRET,
    MONGODB_URI: store.mongodbUri,
    ...env,
  })
  const clock = movableClock()
  const server = await startServer({ config, clock, logger })

  const request: Stack['request'] = async (method, p, init = {}) => {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    let body: string | undefined = init.raw
    if (init.body !== undefined) {
      body = JSON.stringify(init.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fetch(`${server.url}${p}`, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text, the test will say so
    }
    return { status: res.status, body: parsed, headers: res.headers }
  }

  return {
    server,
    sim,
    url: server.url,
    clock,
    logs,
    request,
    async login(input = {}) {
      const { code } = sim.mintLoginCode({
        appId: APP_ID,
        openid: input.openid,
        unionid: input.unionid,
      })
      const res = await request('POST', '/api/auth/wx-login', {
        body: { code, profile: input.profile },
      })
      if (res.status !== 200)
        throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body as WxLoginResponse
    },
    async close() {
      await server.close()
      await sim.close()
      await store.cleanup()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
