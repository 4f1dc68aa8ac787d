import { createHmac, generateKeyPairSync } from 'node:crypto'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createVerifier, type VerifierOptions } from './create-verifier.js'
import { VerifyError } from './verify-error.js'

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const PEM = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString()
const JWK = pair.publicKey.export({ format: 'jwk' })
const SECRET = 'an-hs256-secret-of-at-least-32-bytes!!'
const NOW = new Date('2026-03-01T00:00:00Z')
const iat = Math.floor(NOW.getTime() / 1000)
const CLAIMS = { sid: 's1', appid: 'wx1', roles: ['user'] }

const base: Omit<VerifierOptions, 'keys'> = {
  issuer: 'wxlogin',
  audience: 'wxlogin-api',
  now: () => NOW,
}
const verifier = createVerifier({
  ...base,
  keys: [
    { kid: 'ec', publicKey: PEM },
    { kid: 'ec-jwk', publicKey: JWK },
    { kid: 'hs', secret: SECRET },
  ],
})

interface Sign {
  kid?: string
  alg?: 'ES256' | 'HS256'
  typ?: string
  claims?: Record<string, unknown>
  iss?: string
  aud?: string
  exp?: number
}
function sign({ kid = 'ec', alg = 'ES256', typ = 'at+jwt', ...o }: Sign = {}) {
  const jwt = new SignJWT({ ...CLAIMS, ...o.claims })
    .setProtectedHeader({ alg, typ, kid })
    .setSubject('u1')
    .setIssuer(o.iss ?? 'wxlogin')
    .setAudience(o.aud ?? 'wxlogin-api')
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 7200)
    .setJti('j1')
  return jwt.sign(alg === 'ES256' ? pair.privateKey : Buffer.from(SECRET))
}
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof VerifyError ? err.code : `not a VerifyError: ${String(err)}`),
  )

describe('createVerifier with keys', () => {
  it('returns the typed claims of an ES256 token (PEM or JWK) and of an HS256 one (secret)', async () => {
    const expected = { sub: 'u1', ...CLAIMS, iat, exp: iat + 7200, jti: 'j1' }
    expect(await verifier.verify(await sign())).toEqual(expected)
    expect(await verifier.verify(await sign({ kid: 'ec-jwk' }))).toEqual(expected)
    expect(await verifier.verify(await sign({ kid: 'hs', alg: 'HS256' }))).toEqual(expected)
  })

  it('an expired token → expired', async () => {
    expect(await codeOf(verifier.verify(await sign({ exp: iat - 1 })))).toBe('expired')
  })

  it.each<[string, () => Promise<string> | string]>([
    ['a wrong audience', () => sign({ aud: 'other-api' })],
    ['a wrong issuer', () => sign({ iss: 'evil' })],
    ['no typ at+jwt (an ID token, say)', () => sign({ typ: 'JWT' })],
    ['an unknown kid', () => sign({ kid: 'nobody' })],
    ['no wxlogin claims', () => sign({ claims: { sid: undefined } })],
    ['roles that are not strings', () => sign({ claims: { roles: [1] } })],
    ['an HS256 header on the ES256 kid', () => sign({ kid: 'ec', alg: 'HS256' })],
    ['an ES256 header on the HS256 kid', () => sign({ kid: 'hs', alg: 'ES256' })],
    ['garbage', () => 'not.a.token'],
  ])('%s → invalid', async (_name, token) => {
    expect(await codeOf(verifier.verify(await token()))).toBe('invalid')
  })

  it.each([
    ['the public key PEM', PEM],
    ['the public key JWK', JSON.stringify(JWK)],
  ])('refuses an HS256 token keyed with %s (algorithm confusion)', async (_name, secret) => {
    const genuine = await sign()
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: 'ec' }))
    const input = `${header.toString('base64url')}.${genuine.split('.')[1]}`
    const forged = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
    expect(await codeOf(verifier.verify(forged))).toBe('invalid')
  })

  it('refuses bad options at once', () => {
    expect(() => createVerifier({ ...base })).toThrow(/jwksUrl or keys/)
    expect(() =>
      createVerifier({ ...base, jwksUrl: 'http://x/jwks', keys: [{ kid: 'hs', secret: SECRET }] }),
    ).toThrow(/jwksUrl or keys/)
    expect(() => createVerifier({ ...base, keys: [{ kid: 'hs', secret: 'short' }] })).toThrow(
      /under 32 bytes/,
    )
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey
    expect(() =>
      createVerifier({ ...base, keys: [{ kid: 'k', publicKey: p384.export({ format: 'jwk' }) }] }),
    ).toThrow(/not a P-256/)
    expect(() =>
      createVerifier({ ...base, issuer: '', keys: [{ kid: 'hs', secret: SECRET }] }),
    ).toThrow(/issuer and audience/)
  })
})
