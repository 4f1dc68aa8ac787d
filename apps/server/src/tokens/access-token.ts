import { randomUUID } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Role } from '@wxlogin/shared/dto'
import type { Clock } from '../clock.js'
import type { KeyRing } from './key-ring.js'

/**
 * Token policy in one place (docs/contributing.md, style rule 8): the algorithm is pinned on
 * verify by the key the `kid` names (HS256 for a secret, ES256 for a P-256 key; the header's `alg`
 * is never trusted, so a token "signed" with HMAC over an ES256 public key is refused), `typ:
 * at+jwt` (RFC 9068) so no other JWT passes as an access token, explicit issuer, audience,
 * lifetime and clock, and a `kid` on every token so keys can rotate.
 */
export const ACCESS_TOKEN_TYP = 'at+jwt'
const VERIFIED_CACHE_SIZE = 10_000

export interface AccessClaims {
  sub: string
  sid: string
  appid: string
  roles: Role[]
}

/** "Not signed in" is a value until the edge (docs/contributing.md, style rule 9): the middleware decides the error. */
export type VerifyResult =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' }

export interface AccessTokenPolicy {
  keys: KeyRing
  issuer: string
  audience: string
  ttlSeconds: number
  clock: Clock
}

export interface AccessTokens {
  sign(claims: AccessClaims): { token: string; expiresIn: number }
  verify(token: string): VerifyResult
}

const isClaims = (p: jwt.JwtPayload): p is jwt.JwtPayload & AccessClaims =>
  typeof p.sub === 'string' &&
  typeof p.sid === 'string' &&
  typeof p.appid === 'string' &&
  Array.isArray(p.roles) &&
  p.roles.every((r) => r === 'user' || r === 'admin')

export function createAccessTokens(policy: AccessTokenPolicy): AccessTokens {
  const { keys, issuer, audience, ttlSeconds, clock } = policy
  const seconds = () => Math.floor(clock.now().getTime() / 1000)
  // Given a string, jsonwebtoken builds a KeyObject on every call, after first trying (and
  // failing) to parse the string as a PEM key: that was ~25% of the server's CPU in `pnpm bench`.
  // So the key ring holds KeyObjects, built once (key-ring.ts).
  const signing = keys.signing
  // A verified token's signature, issuer, audience and typ never change (the key ring is fixed
  // for the life of the process), so only its expiry is checked again: this skips the decode and
  // HMAC on every request after a client's first one. Bounded; the oldest entry goes first.
  const verified = new Map<string, { claims: AccessClaims; exp: number }>()
  const remember = (token: string, claims: AccessClaims, exp: number) => {
    verified.set(token, { claims, exp })
    if (verified.size > VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string)
  }

  return {
    sign({ sub, sid, appid, roles }) {
      const token = jwt.sign({ sid, appid, roles, iat: seconds() }, signing.signingKey, {
        algorithm: signing.algorithm,
        header: { alg: signing.algorithm, typ: ACCESS_TOKEN_TYP, kid: signing.kid },
        subject: sub,
        issuer,
        audience,
        expiresIn: ttlSeconds,
        jwtid: randomUUID(),
      })
      return { token, expiresIn: ttlSeconds }
    },

    verify(token) {
      const known = verified.get(token)
      if (known)
        return known.exp > seconds()
          ? { ok: true, claims: known.claims }
          : { ok: false, reason: 'expired' }
      const decoded = jwt.decode(token, { complete: true })
      if (!decoded || typeof decoded.payload === 'string') return { ok: false, reason: 'invalid' }
      const { kid, typ, alg } = decoded.header
      const key = kid === undefined ? undefined : keys.byKid.get(kid)
      // The key decides the algorithm: a header naming another one is refused before any crypto.
      if (!key || typ !== ACCESS_TOKEN_TYP || alg !== key.algorithm)
        return { ok: false, reason: 'invalid' }
      try {
        const payload = jwt.verify(token, key.verifyingKey, {
          algorithms: [key.algorithm],
          issuer,
          audience,
          clockTimestamp: seconds(),
        })
        if (typeof payload === 'string' || !isClaims(payload) || payload.exp === undefined)
          return { ok: false, reason: 'invalid' }
        const claims = {
          sub: payload.sub,
          sid: payload.sid,
          appid: payload.appid,
          roles: payload.roles,
        }
        remember(token, claims, payload.exp)
        return { ok: true, claims }
      } catch (err) {
        // jsonwebtoken checks the signature before expiry, so "expired" implies a genuine token.
        switch ((err as Error).name) {
          case 'TokenExpiredError':
            return { ok: false, reason: 'expired' }
          default:
            return { ok: false, reason: 'invalid' }
        }
      }
    },
  }
}
