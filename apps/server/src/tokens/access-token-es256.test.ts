import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAccessTokens, type AccessClaims } from './access-token.js'
import type { SigningKeyConfig } from './jwt-config.js'
import { publicKeySet } from './jwks.js'
import { keyRing } from './key-ring.js'
import { successorKeys } from './refresh-token.js'

const pem = (curve: string) =>
  generateKeyPairSync('ec', { namedCurve: curve })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString()
const EC_A = { kid: 'ec-a', privateKey: pem('prime256v1') }
const EC_B = { kid: 'ec-b', privateKey: pem('prime256v1') }
const HS = { kid: 'hs', secret: 'an-hs256-secret-of-at-least-32-bytes!!' }

const claims: AccessClaims = { sub: 'u1', sid: 's1', appid: 'wx1', roles: ['user'] }
const clock = { now: () => new Date('2025-01-01T00:00:00Z') }
const tokens = (...keys: SigningKeyConfig[]) =>
  createAccessTokens({
    keys: keyRing(keys),
    issuer: 'wxlogin',
    audience: 'wxlogin-api',
    ttlSeconds: 7200,
    clock,
  })
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const partsOf = (token: string) => token.split('.') as [string, string, string]
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(partsOf(token)[0], 'base64url').toString()) as Record<string, unknown>

/** The payload of a genuine token, re-signed by whoever holds `secret`, with `alg: HS256`. */
function hmacForgery(genuine: string, kid: string, secret: Buffer | string): string {
  const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid })}.${partsOf(genuine)[1]}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

describe('ES256 access tokens', () => {
  it('are signed with the P-256 key, carry its kid, and verify with its public half', () => {
    const { token } = tokens(EC_A).sign(claims)
    expect(headerOf(token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'ec-a' })
    // JOSE's r||s form (RFC 7518 §3.4), 64 bytes, not DER: other libraries verify it.
    expect(Buffer.from(partsOf(token)[2], 'base64url')).toHaveLength(64)
    expect(tokens(EC_A).verify(token)).toEqual({ ok: true, claims })
  })

  it('rotate like HS256 keys: the old key verifies behind the new one, and not once removed', () => {
    const { token } = tokens(EC_A).sign(claims)
    expect(headerOf(tokens(EC_B, EC_A).sign(claims).token).kid).toBe('ec-b')
    expect(tokens(EC_B, EC_A).verify(token)).toEqual({ ok: true, claims })
    expect(tokens(EC_B).verify(token)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('a standby key is published and verifies, and does not sign', () => {
    const standby = { ...EC_B, standby: true }
    const ring = keyRing([standby, EC_A])
    expect(ring.signing.kid).toBe('ec-a')
    expect(publicKeySet(ring).keys.map((k) => k.kid)).toEqual(['ec-b', 'ec-a'])
    const byB = tokens(EC_B).sign(claims).token
    expect(tokens(standby, EC_A).verify(byB)).toEqual({ ok: true, claims })
    expect(headerOf(tokens(standby, EC_A).sign(claims).token).kid).toBe('ec-a')
  })

  it.each([
    [
      'the public key PEM (SPKI)',
      () => createPublicKey(EC_A.privateKey).export({ format: 'pem', type: 'spki' }),
    ],
    [
      'the public key JWK JSON',
      () => JSON.stringify(createPublicKey(EC_A.privateKey).export({ format: 'jwk' })),
    ],
    ['the JWKS entry as published', () => JSON.stringify(publicKeySet(keyRing([EC_A])).keys[0])],
    [
      'the public key DER',
      () => createPublicKey(EC_A.privateKey).export({ format: 'der', type: 'spki' }),
    ],
  ])('refuses an HS256 token keyed with %s (algorithm confusion)', (_name, secret) => {
    const genuine = tokens(EC_A).sign(claims).token
    const forged = hmacForgery(genuine, EC_A.kid, secret())
    expect(tokens(EC_A).verify(forged)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses alg none and an ES256 header on an HS256 kid', () => {
    const genuine = tokens(EC_A).sign(claims).token
    const none = `${b64({ alg: 'none', typ: 'at+jwt', kid: EC_A.kid })}.${partsOf(genuine)[1]}.`
    expect(tokens(EC_A).verify(none)).toEqual({ ok: false, reason: 'invalid' })
    const relabelled = `${b64({ alg: 'ES256', typ: 'at+jwt', kid: HS.kid })}.${partsOf(genuine)[1]}.${partsOf(genuine)[2]}`
    expect(tokens(EC_A, HS).verify(relabelled)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('an HS256 secret kept behind an ES256 key still verifies its tokens (switching JWT_ALG)', () => {
    const before = tokens(HS).sign(claims).token
    expect(tokens(EC_A, HS).verify(before)).toEqual({ ok: true, claims })
    expect(headerOf(tokens(EC_A, HS).sign(claims).token).alg).toBe('ES256')
  })

  it('derive refresh successor keys from the private key: stable per key, distinct across keys', () => {
    // The same key written as SEC1 ("BEGIN EC PRIVATE KEY") rather than PKCS#8.
    const sec1 = (p: string) =>
      createPrivateKey(p).export({ format: 'pem', type: 'sec1' }).toString()
    const [a] = successorKeys(keyRing([EC_A]))
    expect(successorKeys(keyRing([{ kid: 'renamed', privateKey: sec1(EC_A.privateKey) }]))).toEqual(
      [a],
    )
    expect(successorKeys(keyRing([EC_B, EC_A]))).toEqual([successorKeys(keyRing([EC_B]))[0], a])
    expect(successorKeys(keyRing([{ ...EC_B, standby: true }, EC_A]))[0]).toBe(a)
  })
})

describe('the published key set', () => {
  it('holds the public coordinates of every ES256 key and nothing private', () => {
    const set = publicKeySet(keyRing([EC_B, EC_A, HS]))
    expect(set.keys).toHaveLength(2)
    for (const key of set.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'])
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    }
    expect(publicKeySet(keyRing([HS]))).toEqual({ keys: [] })
  })
})
