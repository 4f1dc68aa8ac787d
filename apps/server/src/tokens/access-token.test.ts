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
