import { createHmac, createPublicKey, generateKeyPairSync, verify as ecVerify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Jwks } from '@wxlogin/shared/dto'
import type { SigningKeyConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { startServer, type RunningServer } from '../../src/start-server.js'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const ecKey = (kid: string): SigningKeyConfig => ({
  kid,
  privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
})
const OLD = ecKey('2026-01')
const NEW = ecKey('2026-07')
const parts = (token: string) => token.split('.') as [string, string, string]
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(parts(token)[0], 'base64url').toString()) as Record<string, unknown>
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * JWT_ALG=ES256 over real HTTP on each store: sign-in, the API, refresh and key rotation as an
 * operator does it (restart with JWT_KEYS changed, same database), and the published key set.
 */
describe.each(storeTargets())('JWT_ALG=ES256 on $name', (target) => {
  let s: Stack
  let server: RunningServer
  beforeAll(async () => {
    s = await startStack(target, {
      JWT_SECRET: '',
      JWT_ALG: 'ES256',
      JWT_KEYS: JSON.stringify([OLD]),
    })
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
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json().catch(() => undefined)) as any,
    }
  }
  async function login() {
    const { code } = s.sim.mintLoginCode({ appId: APP_ID })
    const res = await call('POST', '/api/auth/wx-login', { body: { code } })
    expect(res.status).toBe(200)
    return res.body as { accessToken: string; refreshToken: string; user: { id: string } }
  }
  const me = (token: string) => call('GET', '/api/me', { token })
  const refresh = (refreshToken: string) =>
    call('POST', '/api/auth/refresh', { body: { refreshToken } })
  const jwks = async () => {
    const res = await call('GET', '/.well-known/jwks.json')
    expect(res.status).toBe(200)
    return { ...res, body: Jwks.parse(res.body) }
  }

  it('signs in with an ES256 token (kid in the header) that /api/me accepts, and refreshes', async () => {
    await restartWith([OLD])
    const first = await login()
    expect(headerOf(first.accessToken)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: OLD.kid })
    const mine = await me(first.accessToken)
    expect(mine.status).toBe(200)
    expect(mine.body.id).toBe(first.user.id)

    const next = await refresh(first.refreshToken)
    expect(next.status).toBe(200)
    expect(headerOf(next.body.accessToken).alg).toBe('ES256')
    expect((await me(next.body.accessToken)).status).toBe(200)
    // Rotation and reuse detection work as under HS256.
    expect((await refresh(next.body.refreshToken)).status).toBe(200)
    expect((await refresh(first.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_REUSED')
  })

  it('publishes the public key, cacheable, and a token verifies with nothing but that JWK', async () => {
    await restartWith([OLD])
    const { accessToken } = await login()
    const { body, headers } = await jwks()
    expect(headers.get('cache-control')).toBe('public, max-age=300')
    expect(body.keys).toHaveLength(1)
    const [jwk] = body.keys
    const expected = createPublicKey(OLD.privateKey ?? '').export({ format: 'jwk' })
    expect(jwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      kid: OLD.kid,
      alg: 'ES256',
      use: 'sig',
      x: expected.x,
      y: expected.y,
    })
    expect(JSON.stringify(body)).not.toMatch(/"d"|PRIVATE/)
    const [h, p, sig] = parts(accessToken)
    const publicKey = createPublicKey({ key: jwk!, format: 'jwk' })
    const signature = Buffer.from(sig, 'base64url')
    const ok = ecVerify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      signature,
    )
    expect(ok).toBe(true)
  })

  it('rotation: a standby key is published first, then signs; old tokens verify until their key is removed', async () => {
    await restartWith([OLD])
    const before = await login()

    // 1. Publish the new key without signing with it.
    await restartWith([{ ...NEW, standby: true }, OLD])
    expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([NEW.kid, OLD.kid])
    expect(headerOf((await login()).accessToken).kid).toBe(OLD.kid)

    // 2. The new key signs; the old one still verifies.
    await restartWith([NEW, OLD])
    const after = await login()
    expect(headerOf(after.accessToken).kid).toBe(NEW.kid)
    expect((await me(before.accessToken)).status).toBe(200)
    expect((await me(after.accessToken)).status).toBe(200)
    const rotated = await refresh(before.refreshToken)
    expect(rotated.status).toBe(200)
    expect(headerOf(rotated.body.accessToken).kid).toBe(NEW.kid)

    // 3. The old key goes (after ACCESS_TOKEN_TTL): its tokens fail, its refresh tokens do not.
    await restartWith([NEW])
    expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([NEW.kid])
    const old = await me(before.accessToken)
    expect(old.status).toBe(401)
    expect(old.body.error.code).toBe('AUTH_TOKEN_INVALID')
    expect((await me(after.accessToken)).status).toBe(200)
    const again = await refresh(rotated.body.refreshToken)
    expect(again.status).toBe(200)
    expect((await me(again.body.accessToken)).status).toBe(200)
  })

  it('a grace replay across the rotation gets the same successor (the family does not fork)', async () => {
    await restartWith([OLD])
    const first = await login()
    const rotated = await refresh(first.refreshToken)
    await restartWith([NEW, OLD])
    const replay = await refresh(first.refreshToken)
    expect(replay.status).toBe(200)
    expect(replay.body.refreshToken).toBe(rotated.body.refreshToken)
  })

  it.each([
    [
      'the public key PEM',
      () => createPublicKey(OLD.privateKey ?? '').export({ format: 'pem', type: 'spki' }),
    ],
    ['the published JWK', async () => JSON.stringify((await jwks()).body.keys[0])],
  ])(
    'refuses an HS256 token "signed" with %s as the HMAC secret (401 AUTH_TOKEN_INVALID)',
    async (_name, secret) => {
      await restartWith([OLD])
      const { accessToken } = await login()
      const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: OLD.kid })}.${parts(accessToken)[1]}`
      const forged = `${input}.${createHmac('sha256', await secret())
        .update(input)
        .digest('base64url')}`
      const res = await me(forged)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('AUTH_TOKEN_INVALID')
    },
  )

  it('switching from HS256 keeps the old secret verify-only: tokens issued before still work', async () => {
    const secret = { kid: 'k1', secret: 'hs256-secret-before-the-switch-0123456789' }
    await server.close()
    const hsConfig = {
      ...s.server.config,
      jwt: { ...s.server.config.jwt, algorithm: 'HS256' as const, keys: [secret] },
    }
    server = await startServer({ config: hsConfig, clock: s.clock, logger: createLogger('silent') })
    const before = await login()
    expect(headerOf(before.accessToken).alg).toBe('HS256')
    expect((await jwks()).body).toEqual({ keys: [] })

    await restartWith([NEW, secret])
    expect((await me(before.accessToken)).status).toBe(200)
    expect(headerOf((await login()).accessToken)).toMatchObject({ alg: 'ES256', kid: NEW.kid })
    expect((await jwks()).body.keys.map((k) => k.kid)).toEqual([NEW.kid])
    const next = await refresh(before.refreshToken)
    expect(next.status).toBe(200)
    expect(headerOf(next.body.accessToken).alg).toBe('ES256')
  })
})
