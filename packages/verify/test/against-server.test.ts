import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createVerifier, VerifyError, type Verifier } from '../src/index.js'
import { requireUser } from '../src/koa.js'
import { ecKey, startWxloginStack, type WxloginStack } from './support/wxlogin-stack.js'

const OLD = ecKey('2026-01')
const NEW = ecKey('2026-07')
const ISSUER = 'wxlogin'
const AUDIENCE = 'wxlogin-api'
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof VerifyError ? err.code : `not a VerifyError: ${String(err)}`),
  )
const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid

/** A wxlogin server on ES256 and a service verifying its tokens from the JWKS alone. */
describe('@wxlogin/verify against a running wxlogin (ES256)', () => {
  let stack: WxloginStack
  const verifierFor = (overrides: Partial<Parameters<typeof createVerifier>[0]> = {}) =>
    createVerifier({ jwksUrl: stack.jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...overrides })

  beforeAll(async () => {
    stack = await startWxloginStack([OLD])
  })
  afterAll(() => stack.close())
  beforeEach(() => stack.use([OLD]))
  // Only Date is faked (jose reads the cooldown and cache age from it); timers and I/O are real.
  afterEach(() => void vi.useRealTimers())

  it('a token from a sign-in verifies, with its claims typed', async () => {
    const { accessToken, user } = await stack.login()
    const claims = await verifierFor().verify(accessToken)
    expect(claims).toMatchObject({ sub: user.id, appid: 'wxverify000000001', roles: ['user'] })
    expect(typeof claims.sid).toBe('string')
    expect(typeof claims.jti).toBe('string')
    expect(claims.exp - claims.iat).toBe(7200)
  })

  it('an expired token → expired; a wrong audience or issuer → invalid', async () => {
    const { accessToken } = await stack.login()
    const later = () => new Date(Date.now() + 7201_000)
    expect(await codeOf(verifierFor({ now: later }).verify(accessToken))).toBe('expired')
    expect(await codeOf(verifierFor({ audience: 'orders-api' }).verify(accessToken))).toBe(
      'invalid',
    )
    expect(await codeOf(verifierFor({ issuer: 'someone-else' }).verify(accessToken))).toBe(
      'invalid',
    )
  })

  it('an unknown kid fetches the key set again, at most once a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const verifier = verifierFor()
    const before = stack.jwksFetches()
    await verifier.verify((await stack.login()).accessToken)
    expect(stack.jwksFetches()).toBe(before + 1)

    // The server now signs with a key this verifier has not seen.
    await stack.use([NEW, OLD])
    const fresh = (await stack.login()).accessToken
    expect(kidOf(fresh)).toBe(NEW.kid)
    // Within the minute after a fetch an unknown kid is refused without another fetch: a flood of
    // made-up kids cannot turn into a flood of requests to the JWKS.
    expect(await codeOf(verifier.verify(fresh))).toBe('invalid')
    expect(stack.jwksFetches()).toBe(before + 1)

    vi.setSystemTime(Date.now() + 61_000)
    expect((await verifier.verify(fresh)).sub).toBeTruthy()
    expect(stack.jwksFetches()).toBe(before + 2)
    await verifier.verify(fresh)
    expect(stack.jwksFetches()).toBe(before + 2)
  })

  it('a key removed from the server stops verifying once the verifier fetches the set again', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    const verifier = verifierFor()
    const old = (await stack.login()).accessToken
    await verifier.verify(old)
    await stack.use([NEW])
    vi.setSystemTime(Date.now() + 301_000) // past the set's max age (the server's max-age=300)
    expect(await codeOf(verifier.verify(old))).toBe('invalid')
  })

  describe('when the JWKS is down', () => {
    afterEach(() => stack.use([OLD]))

    it('a verifier that never got the set → jwks_unavailable', async () => {
      const { accessToken } = await stack.login()
      stack.down()
      expect(await codeOf(verifierFor().verify(accessToken))).toBe('jwks_unavailable')
    })

    it('a verifier that has the set keeps verifying with it, past its max age too', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
      const verifier = verifierFor()
      const { accessToken } = await stack.login()
      await verifier.verify(accessToken)
      stack.down()
      vi.setSystemTime(Date.now() + 600_000)
      expect((await verifier.verify(accessToken)).sub).toBeTruthy()
      expect(await codeOf(verifier.verify('e30.e30.x'))).toBe('invalid')
    })
  })
})

/** A host service: a Koa route behind requireUser(), called over HTTP. */
describe('requireUser() in a Koa service', () => {
  let stack: WxloginStack
  let service: http.Server
  let url = ''
  let verifier: Verifier
  beforeAll(async () => {
    stack = await startWxloginStack([OLD])
    const app = new Koa()
    app.use(async (ctx, next) => {
      try {
        await next()
      } catch (err) {
        ctx.status = (err as { status?: number }).status ?? 500
        ctx.body = { error: { code: 'HOST_ERROR', message: (err as Error).message } }
      }
    })
    app.use((ctx, next) => requireUser(verifier)(ctx, next))
    app.use((ctx) => {
      ctx.body = { orderOwner: (ctx.state as { user: { sub: string } }).user.sub }
    })
    const callback = app.callback()
    service = http.createServer((req, res) => void callback(req, res))
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => service.close(resolve))
    await stack.close()
  })
  beforeEach(() => {
    verifier = createVerifier({ jwksUrl: stack.jwksUrl, issuer: ISSUER, audience: AUDIENCE })
  })

  const get = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/orders`, { headers })
    return { status: res.status, headers: res.headers, body: (await res.json()) as any }
  }

  it('a valid token: the route runs with the claims on ctx.state.user', async () => {
    const { accessToken, user } = await stack.login()
    const res = await get({ authorization: `Bearer ${accessToken}` })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ orderOwner: user.id })
  })

  it.each([
    ['no token', {}, 'AUTH_REQUIRED', 'Bearer'],
    ['a Basic header', { authorization: 'Basic dTpw' }, 'AUTH_REQUIRED', 'Bearer'],
    [
      'a bad token',
      { authorization: 'Bearer e30.e30.x' },
      'AUTH_TOKEN_INVALID',
      'Bearer error="invalid_token"',
    ],
  ])('%s → 401 %s in the contract shape', async (_name, headers, code, challenge) => {
    const res = await get({ ...headers, 'x-request-id': 'req-123' })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code, message: expect.any(String), requestId: 'req-123' } })
    expect(res.headers.get('x-request-id')).toBe('req-123')
    expect(res.headers.get('www-authenticate')).toBe(challenge)
  })

  it('an expired token → 401 AUTH_TOKEN_EXPIRED (the client refreshes on it)', async () => {
    const { accessToken } = await stack.login()
    verifier = createVerifier({
      jwksUrl: stack.jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
      now: () => new Date(Date.now() + 7201_000),
    })
    const res = await get({ authorization: `Bearer ${accessToken}` })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_TOKEN_EXPIRED')
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('an unreachable JWKS is not the caller’s fault: 503 to the host’s error handling, never 401', async () => {
    const { accessToken } = await stack.login()
    stack.down()
    try {
      const res = await get({ authorization: `Bearer ${accessToken}` })
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('HOST_ERROR')
    } finally {
      await stack.use([OLD])
    }
  })
})

describe('@wxlogin/verify with an HS256 secret (teams that stay on HS256)', () => {
  const HS = { kid: 'k1', secret: 'a-shared-hs256-secret-0123456789-abcdef' }
  let stack: WxloginStack
  beforeAll(async () => {
    stack = await startWxloginStack([HS], 'HS256')
  })
  afterAll(() => stack.close())

  it('verifies with the secret given as a key, and the JWKS is empty', async () => {
    const { accessToken, user } = await stack.login()
    const verifier = createVerifier({ keys: [HS], issuer: ISSUER, audience: AUDIENCE })
    expect((await verifier.verify(accessToken)).sub).toBe(user.id)
    expect(await (await fetch(stack.jwksUrl)).json()).toEqual({ keys: [] })
    // From the (empty) JWKS nothing verifies: HS256 has no public key.
    expect(
      await codeOf(
        createVerifier({ jwksUrl: stack.jwksUrl, issuer: ISSUER, audience: AUDIENCE }).verify(
          accessToken,
        ),
      ),
    ).toBe('invalid')
  })
})
