import { createHash, createHmac, randomBytes } from 'node:crypto'

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
 * The successor-derivation secrets, one per configured signing key, newest first.
 *
 * Why derived from every signing key rather than a dedicated secret: no extra setting to manage,
 * and rotation stays a single operation (JWT_KEYS). The newest key derives; during a rotation a
 * grace replay may reach an instance that derives with a different key than the instance that
 * served the first use, so the refresh looks for the successor under every configured key (a
 * key removed from JWT_KEYS matters only for a replay within the grace window of its removal, and
 * then the family gains a second successor instead of breaking).
 */
export function successorKeys(signingSecrets: readonly string[]): string[] {
  return signingSecrets.map((secret) =>
    createHmac('sha256', secret).update('wxlogin refresh successor key').digest('hex'),
  )
}
