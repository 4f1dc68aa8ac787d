import type { Jwk, Jwks } from '@wxlogin/shared/dto'
import type { KeyRing } from './key-ring.js'

/**
 * The public half of every ES256 key of the ring, signing, standby and retiring alike: a
 * verifier must know a key before the first token it signs arrives, and until the last one it
 * signed expires. HS256 secrets have no public half, so an HS256 ring publishes nothing.
 */
export function publicKeySet(ring: KeyRing): Jwks {
  const keys: Jwk[] = []
  for (const key of ring.keys) {
    if (key.algorithm !== 'ES256') continue
    // Only the public coordinates are read: `d` is never in reach of this object.
    const { x, y } = key.verifyingKey.export({ format: 'jwk' })
    if (!x || !y) throw new Error(`key ${key.kid}: not an EC public key`)
    keys.push({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256', use: 'sig', x, y })
  }
  return { keys }
}
