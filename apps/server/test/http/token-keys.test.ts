import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SigningKeyConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { startServer, type RunningServer } from '../../src/start-server.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const OLD: SigningKeyConfig = { kid: '2024-01', secret: 'old-signing-secret-0123456789-0123456789' }
const NEW: SigningKeyConfig = { kid: '2025-06', secret: 'new-signing-secret-0123456789-0123456789' }
const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid ?? null

/**
 * Rotation as an operator does it: restart the server (same database) with JWT_KEYS changed.
 * Step 1 puts the new key first (it signs, the old one still verifies); step 2, once the old
 * access tokens have expired, removes the old key.
 */
describe.each(storeTargets())('JWT_KEYS rotation on $name', (target) => {
  let s: Stack
  let server: RunningServer
  beforeAll(async () => {
    s = await startStack(target, { JWT_SECRET: '', JWT_KEYS: JSON.stringify([OLD]) })
    server = s.server
  })
  afterAll(async () => {
    await server.close()
    await s.close()
  })

  async function restartWith(keys: SigningKeyConfig[]) {
    await server.close()
    const config = { ...s.server.config, jwt: { ...s.server.config.jwt, keys } }
    server = await startServer({ config, clock: s.clock, logger: createLogger('silent') })
  }

  async function call(method: string, path: string, init: { token?: string; body?: unknown } = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        'content-type': 'application/json',
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any }
  }

  async function login() {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await call('POST', '/api/auth/wx-login', { body: { code } })
    expect(res.status).toBe(200)
    return res.body as { accessToken: string; refreshToken: string }
  }
  const me = (token: string) => call('GET', '/api/me', { token })
  const refresh = (refreshToken: string) =>
    call('POST', '/api/auth/refresh', { body: { refreshToken } })

  it('a token signed by the old key still verifies after the new key is added first; new tokens carry the new kid', async () => {
    await restartWith([OLD])
    const before = await login()
    expect(kidOf(before.accessToken)).toBe(OLD.kid)
    await restartWith([NEW, OLD])
    expect((await me(before.accessToken)).status).toBe(200)
    const after = await login()
    expect(kidOf(after.accessToken)).toBe(NEW.kid)
    expect((await me(after.accessToken)).status).toBe(200)
  })

  it('a token whose kid was removed from JWT_KEYS → 401 AUTH_TOKEN_INVALID', async () => {
    await restartWith([NEW, OLD])
    const { accessToken } = await login()
    await restartWith([OLD])
    const byOld = await login()
    await restartWith([NEW])
    const res = await me(byOld.accessToken)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_TOKEN_INVALID')
    expect((await me(accessToken)).status).toBe(200)
  })

  describe('with two keys configured', () => {
    beforeAll(() => restartWith([NEW, OLD]))
    const claims = { sid: 'x', appid: APP_ID, roles: ['user'] }
    const base = {
      algorithm: 'HS256',
      subject: 'u',
      issuer: 'wxlogin',
      audience: 'wxlogin-api',
      expiresIn: 600,
    } as const
    const sign = (secret: string, options: jwt.SignOptions) =>
      jwt.sign(claims, secret, { ...base, header: { alg: 'HS256', typ: 'at+jwt' }, ...options })
    const none = (kid: string) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', ...claims, iss: 'wxlogin', aud: 'wxlogin-api', exp: 9999999999 })).toString('base64url')}.`

    it.each([
      ['an unknown kid', () => sign(NEW.secret, { keyid: 'nobody' })],
      ['no kid', () => sign(NEW.secret, {})],
      ['alg none with a configured kid', () => none(NEW.kid)],
      [
        'HS512 with the right secret (the algorithm is pinned)',
        () =>
          jwt.sign(claims, NEW.secret, {
            ...base,
            algorithm: 'HS512',
            keyid: NEW.kid,
            header: { alg: 'HS512', typ: 'at+jwt' },
          }),
      ],
      [
        "the old kid with another key's signature",
        () => sign('some-other-secret-0123456789-0123456789', { keyid: OLD.kid }),
      ],
      ['a wrong issuer', () => sign(OLD.secret, { keyid: OLD.kid, issuer: 'evil' })],
      ['a wrong audience', () => sign(NEW.secret, { keyid: NEW.kid, audience: 'other-api' })],
    ])('%s → 401 AUTH_TOKEN_INVALID', async (_name, make) => {
      const res = await me(make())
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_TOKEN_INVALID')
    })

    it('an expired token of the old key → 401 AUTH_TOKEN_EXPIRED', async () => {
      const iat = Math.floor(s.clock.now().getTime() / 1000) - 3600
      const res = await me(
        jwt.sign({ ...claims, iat }, OLD.secret, {
          ...base,
          expiresIn: 60,
          keyid: OLD.kid,
          header: { alg: 'HS256', typ: 'at+jwt' },
        }),
      )
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_TOKEN_EXPIRED')
    })

    it('a tampered payload and a real refresh token used as an access token → 401 AUTH_TOKEN_INVALID', async () => {
      const { accessToken, refreshToken } = await login()
      const [h, p, sig] = accessToken.split('.') as [string, string, string]
      const payload = {
        ...(JSON.parse(Buffer.from(p, 'base64url').toString()) as object),
        roles: ['admin'],
      }
      for (const token of [
        `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`,
        refreshToken,
      ]) {
        const res = await me(token)
        expect(res.status).toBe(401)
        expect(res.body.error.code).toBe('AUTH_TOKEN_INVALID')
      }
    })
  })

  it('a grace replay after a rotation returns the successor the old key derived; reuse is still detected', async () => {
    await restartWith([OLD])
    const first = await login()
    const rotated = await refresh(first.refreshToken) // served before the rotation
    expect(rotated.status).toBe(200)

    await restartWith([NEW, OLD])
    // The client lost that response and retries within the grace window, now on the new key.
    const replay = await refresh(first.refreshToken)
    expect(replay.status).toBe(200)
    expect(replay.body.refreshToken).toBe(rotated.body.refreshToken)
    expect(kidOf(replay.body.accessToken)).toBe(NEW.kid)

    const next = await refresh(rotated.body.refreshToken)
    expect(next.status).toBe(200)
    // Its successor is used now: presenting the first token again is reuse, and revokes the family.
    const reuse = await refresh(first.refreshToken)
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED')
    expect((await refresh(next.body.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('refresh tokens issued under the old key keep working after it is removed', async () => {
    await restartWith([OLD])
    const first = await login()
    await restartWith([NEW])
    const res = await refresh(first.refreshToken)
    expect(res.status).toBe(200)
    expect(kidOf(res.body.accessToken)).toBe(NEW.kid)
    expect((await me(res.body.accessToken)).status).toBe(200)
  })
})
