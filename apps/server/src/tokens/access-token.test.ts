import { describe, expect, it } from 'vitest'
import { createAccessTokens, type AccessClaims } from './access-token.js'
import { keyRing } from './key-ring.js'

const OLD = { kid: 'old', secret: 'old-secret-old-secret-old-secret-0001' }
const NEW = { kid: 'new', secret: 'new-secret-new-secret-new-secret-0002' }
const claims: AccessClaims = { sub: 'u1', sid: 's1', appid: 'wx1', roles: ['user'] }
const clock = { now: () => new Date('2025-01-01T00:00:00Z') }
const tokens = (...keys: (typeof OLD)[]) =>
  createAccessTokens({
    keys: keyRing(keys),
    issuer: 'wxlogin',
    audience: 'wxlogin-api',
    ttlSeconds: 7200,
    clock,
  })
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >

describe('access tokens across a key rotation', () => {
  it('the newest key signs, and its kid is in the header', () => {
    const { token } = tokens(NEW, OLD).sign(claims)
    expect(headerOf(token)).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'new' })
  })

  it('a token of the old key verifies once the new key is added in front', () => {
    const { token } = tokens(OLD).sign(claims)
    expect(tokens(NEW, OLD).verify(token)).toEqual({ ok: true, claims })
  })

  it('a token whose kid was removed from the ring is invalid', () => {
    const { token } = tokens(OLD).sign(claims)
    expect(tokens(NEW).verify(token)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('a known kid with another key’s signature is invalid (the kid picks the key, it proves nothing)', () => {
    const { token } = tokens(OLD).sign(claims)
    const relabelled = tokens({ kid: 'old', secret: NEW.secret }, NEW)
    expect(relabelled.verify(token)).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('access tokens: the verified-token cache', () => {
  it('a token verified once still expires on time, and a tampered copy is still refused', () => {
    let now = Date.parse('2025-01-01T00:00:00Z')
    const tokens = createAccessTokens({
      keys: keyRing([{ kid: 'k', secret: 'a-secret-of-at-least-32-bytes-long!!' }]),
      issuer: 'wxlogin',
      audience: 'wxlogin-api',
      ttlSeconds: 60,
      clock: { now: () => new Date(now) },
    })
    const { token } = tokens.sign(claims)
    expect(tokens.verify(token)).toEqual({ ok: true, claims })
    expect(tokens.verify(token)).toEqual({ ok: true, claims })
    const [h, p, sig] = token.split('.') as [string, string, string]
    const tampered = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`
    expect(tokens.verify(tampered)).toEqual({ ok: false, reason: 'invalid' })
    now += 61_000
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' })
  })
})
