import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { KeyRing } from './key-ring.js'

/**
 * Refresh tokens are opaque 256-bit values; only their sha256 is stored.
 *
 * A rotated token's successor is derived, not drawn: `child = HMAC(key, parent)`. It is as
 * unpredictable as a random value to anyone without the server key, and it lets the grace rule
 * (a client that lost the refresh response presents the parent again within REFRESH_GRACE_MS,
 * session-policy.ts) return the SAME successor, without ever storing a token in plain text and
 * without forking the family.
 */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url')

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export function successorOf(parent: string, key: string): string {
  return createHmac('sha256', key).update('wxlogin refresh v1\0').update(parent).digest('base64url')
}

/**
 * The successor-derivation secrets, one per configured signing key, the signing key's first.
 *
 * Why derived from every signing key rather than a dedicated secret: no extra setting to manage,
 * and rotation stays a single operation (JWT_KEYS). The signing key derives; during a rotation a
 * grace replay may reach an instance that derives with a different key than the instance that
 * served the first use, so the refresh looks for the successor under every configured key (a
 * key removed from JWT_KEYS matters only for a replay within the grace window of its removal, and
 * then the family gains a second successor instead of breaking).
 *
 * An ES256 key has no shared secret: its private scalar is the material (key-ring.ts), which is
 * as secret as an HS256 secret and rotates with it. So a rotation never forks a refresh family,
 * whichever the algorithm, and neither does switching JWT_ALG while the old key stays in the ring.
 */
export function successorKeys(ring: KeyRing): string[] {
  const ordered = [ring.signing, ...ring.keys.filter((k) => k !== ring.signing)]
  return ordered.map(({ successorSecret }) =>
    createHmac('sha256', successorSecret).update('wxlogin refresh successor key').digest('hex'),
  )
}
