import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { startServer, type RunningServer } from '../src/start-server.js'
import { eventually, uploadAvatar } from './support/content.js'
import { uniquePng } from './support/images.js'
import { capturedLogger } from './support/log-capture.js'

/*
 * `npm start` without an AppSecret: the built-in simulator pushes image verdicts to this
 * server's own message push endpoint, in safe mode with a generated Token and EncodingAESKey, so
 * the whole content-security loop runs locally. Driven only through HTTP, as a developer would.
 */
describe('the content-security loop with the built-in simulator', () => {
  let server: RunningServer
  let dataDir = ''
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wxlogin-content-sim-'))
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-jwt-secret-0123456789-0123456789-abcdef',
      WECHAT_SIM_PORT: '0',
    })
    server = await startServer({ config, logger: capturedLogger().logger })
  })
  afterAll(async () => {
    await server.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  const sim = (path: string, body: object) =>
    fetch(`${server.simulatorUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const api = async (method: string, path: string, token?: string, body?: object) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body && JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('judges text, and pushes an avatar verdict back to the server (safe mode)', async () => {
    expect(
      (
        await sim('/__sim/content-rules', {
          riskyWords: ['nasty'],
          imageVerdict: 'risky',
          pushDelayMs: 0,
        })
      ).status,
    ).toBe(204)
    const { code } = (await (await sim('/__sim/login-code', {})).json()) as { code: string }
    const login = await api('POST', '/api/auth/wx-login', undefined, { code })
    const token = login.body.accessToken as string
    const risky = await api('PATCH', '/api/me', token, { nickname: 'so nasty' })
    expect(risky.body.error).toMatchObject({
      code: 'CONTENT_RISKY',
      details: { field: 'nickname' },
    })

    const up = await uploadAvatar(server, token, uniquePng())
    expect(up.status).toBe(200)
    await eventually(
      async () => (await api('GET', '/api/me', token)).body.avatarReview === 'rejected',
    )
    expect((await api('GET', '/api/me', token)).body.avatarUrl).toBeNull()
    // The simulator counts the push once it has read the server's `success`.
    const pushes = async () =>
      ((await (await fetch(`${server.simulatorUrl}/__sim/stats`)).json()) as any).pushes
    await eventually(async () => (await pushes()).delivered === 1)
    expect(await pushes()).toEqual({ delivered: 1, failed: 0 })
  })
})
