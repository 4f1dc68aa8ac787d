import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'
import { startServer } from '../src/start-server.js'
import { capturedLogger } from './support/log-capture.js'
import { spawnServer } from './support/spawn-server.js'

const SECRET_32 = 'p'.repeat(32)
/** A production configuration that starts. */
const GOOD = {
  NODE_ENV: 'production',
  JWT_SECRET: SECRET_32,
  WX_APP_ID: 'wx1234567890abcdef',
  WX_APP_SECRET: 'real-app-secret-0123456789',
  CORS_ORIGINS: 'https://app.example.com',
}

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.message
    throw err
  }
  return ''
}

describe('production guard (NODE_ENV=production)', () => {
  it('accepts a complete production configuration', () => {
    expect(problemsOf(GOOD)).toBe('')
    expect(parseConfig(GOOD).simulator).toBeNull()
  })

  it.each([
    [
      'a missing JWT_SECRET',
      { JWT_SECRET: undefined },
      /JWT_SECRET: required when NODE_ENV=production/,
    ],
    [
      'a JWT_SECRET under 32 bytes',
      { JWT_SECRET: 'p'.repeat(31) },
      /JWT_SECRET: must be at least 32 bytes/,
    ],
    [
      'a short key in JWT_KEYS',
      {
        JWT_SECRET: undefined,
        JWT_KEYS: JSON.stringify([
          { kid: 'k2', secret: SECRET_32 },
          { kid: 'k1', secret: 'short' },
        ]),
      },
      /JWT_KEYS/,
    ],
    [
      'no AppSecret (the built-in simulator)',
      { WX_APP_SECRET: undefined },
      /WX_APP_SECRET: required when NODE_ENV=production \(the WeChat simulator/,
    ],
    [
      'a WeChat API on loopback (a simulator accepting dev: codes)',
      { WECHAT_API_BASE: 'http://127.0.0.1:3100' },
      /WECHAT_API_BASE: .*dev: codes/,
    ],
    ['a WeChat API on localhost', { WECHAT_API_BASE: 'http://localhost:3100/' }, /WECHAT_API_BASE/],
    [
      "CORS_ORIGINS='*'",
      { CORS_ORIGINS: 'https://app.example.com, *' },
      /CORS_ORIGINS: '\*' is not allowed/,
    ],
  ])('refuses %s and says why', (_name, change, message) => {
    expect(problemsOf({ ...GOOD, ...change })).toMatch(message)
  })

  it('allows a loopback WeChat base only when ALLOW_LOOPBACK_WECHAT=true (an egress proxy)', () => {
    expect(
      problemsOf({
        ...GOOD,
        WECHAT_API_BASE: 'http://127.0.0.1:8080',
        ALLOW_LOOPBACK_WECHAT: 'true',
      }),
    ).toBe('')
  })

  it('the same settings are fine outside production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'development',
        CORS_ORIGINS: '*',
        WECHAT_API_BASE: 'http://127.0.0.1:3100',
      }),
    ).toBe('')
  })

  it.each([
    ['warns', undefined, true],
    ['does not warn', 'https://api.example.com', false],
  ])(
    '%s at startup when PUBLIC_URL is %s (avatar URLs would follow the Host header)',
    async (_name, publicUrl, warns) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'wxlogin-prod-'))
      const { logger, lines } = capturedLogger()
      const config = parseConfig({
        ...GOOD,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: publicUrl,
      })
      const server = await startServer({ config, logger })
      try {
        expect(lines.some((l) => l.includes('PUBLIC_URL is not set'))).toBe(warns)
      } finally {
        await server.close()
        await rm(dataDir, { recursive: true, force: true })
      }
    },
  )

  it('the process exits 1 before listening, naming every offending variable', async () => {
    const proc = spawnServer({
      NODE_ENV: 'production',
      PORT: '0',
      JWT_SECRET: 'too-short',
      CORS_ORIGINS: '*',
    })
    expect(await proc.exited).toBe(1)
    const stderr = proc.stderr()
    expect(stderr).toContain('Invalid configuration')
    expect(stderr).toMatch(/JWT_SECRET: must be at least 32 bytes/)
    expect(stderr).toMatch(/WX_APP_SECRET: required when NODE_ENV=production/)
    expect(stderr).toMatch(/CORS_ORIGINS/)
    expect(proc.stdout()).not.toContain('wxlogin API on')
  })

  it('the process refuses a simulator as the WeChat API (dev: codes) in production', async () => {
    const proc = spawnServer({ ...GOOD, PORT: '0', WECHAT_API_BASE: 'http://127.0.0.1:3100' })
    expect(await proc.exited).toBe(1)
    expect(proc.stderr()).toMatch(/WECHAT_API_BASE: points at loopback/)
  })
})
