import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../src/config.js'
import { startServer, type RunningServer } from '../src/start-server.js'
import { capturedLogger } from './support/log-capture.js'

/** Counts evaluations of the simulator package: a server with an AppSecret must not load it. */
const loads = vi.hoisted(() => ({ count: 0 }))
vi.mock('@wxlogin/wechat-sim', async (importOriginal) => {
  loads.count += 1
  return importOriginal()
})

describe('the built-in WeChat simulator', () => {
  let server: RunningServer | undefined
  let dataDir = ''
  afterEach(async () => {
    await server?.close()
    server = undefined
    await rm(dataDir, { recursive: true, force: true })
  })

  const start = async (env: Record<string, string>) => {
    dataDir = await mkdtemp(join(tmpdir(), 'wxlogin-lazy-sim-'))
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-jwt-secret-0123456789-0123456789-abcdef',
      WX_APP_ID: 'wxtest00000000001',
      ...env,
    })
    server = await startServer({ config, logger: capturedLogger().logger })
    return server
  }

  it('is never loaded by a server with an AppSecret', async () => {
    const running = await start({ WX_APP_SECRET: 'real-app-secret-0123456789' })
    expect(running.simulatorUrl).toBeNull()
    expect(loads.count).toBe(0)
  })

  it('is loaded, once, by a server without an AppSecret, which then runs it', async () => {
    const running = await start({ WECHAT_SIM_PORT: '0' })
    expect(loads.count).toBe(1)
    expect(running.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})
