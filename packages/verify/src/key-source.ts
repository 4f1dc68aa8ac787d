import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose'
import { VerifyError } from './verify-error.js'

/** The algorithms wxlogin signs with. The key decides which one a token may use. */
export type Algorithm = 'ES256' | 'HS256'

/**
 * A key given directly instead of a JWKS URL: a P-256 public key (a JWK from the JWKS, or a PEM)
 * for ES256, or the shared secret for HS256. `kid` is the one wxlogin puts in the token header.
 */
export type VerifierKey =
  | { kid: string; publicKey: JsonWebKey | string; secret?: undefined }
  | { kid: string; secret: string; publicKey?: undefined }

export interface JwksOptions {
  /** After a fetch, an unknown kid fetches again only after this long. Default 60 s. */
  cooldownMs?: number
  /** The set is fetched again this long after the last fetch. Default 5 min (the server's max-age). */
  maxAgeMs?: number
  /** Per fetch. Default 5 s. */
  timeoutMs?: number
}

export interface KeySource {
  getKey: JWTVerifyGetKey
  algorithms: Algorithm[]
}

const noKey = (kid: unknown) =>
  new VerifyError('invalid', `No key for this token (kid ${JSON.stringify(kid ?? null)}).`)

/**
 * Keys from wxlogin's JWKS, through jose's remote key set: fetched on first use, cached, fetched
 * again after `maxAgeMs`, and on an unknown kid at most once per `cooldownMs`. ES256 only: the
 * JWKS has no secrets. When a fetch fails, the last set fetched keeps serving (and no new fetch
 * is tried for `cooldownMs`): a JWKS outage does not sign everyone out. Without any set yet, the
 * error is `jwks_unavailable`.
 */
export function remoteKeys(url: URL, options: JwksOptions = {}): KeySource {
  const cooldownMs = options.cooldownMs ?? 60_000
  const remote = createRemoteJWKSet(url, {
    cooldownDuration: cooldownMs,
    cacheMaxAge: options.maxAgeMs ?? 300_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
  })
  let failedAt = -Infinity
  let stale: { set: JSONWebKeySet; keys: ReturnType<typeof createLocalJWKSet> } | null = null
  const lastSet = () => {
    const set = remote.jwks()
    if (!set) return null
    if (stale?.set !== set) stale = { set, keys: createLocalJWKSet(set) }
    return stale.keys
  }

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const last = lastSet()
    if (last && Date.now() - failedAt < cooldownMs) return last(header, token)
    try {
      return await remote(header, token)
    } catch (err) {
      // A set was fetched and has no such key: the token's fault, not the JWKS's.
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
        throw err
      failedAt = Date.now()
      const fallback = lastSet()
      if (fallback) return fallback(header, token)
      throw new VerifyError(
        'jwks_unavailable',
        `The key set at ${url.href} could not be fetched.`,
        {
          cause: err,
        },
      )
    }
  }
  return { getKey, algorithms: ['ES256'] }
}

/** Keys given directly: each kid pins its own algorithm, whatever the token header says. */
export function localKeys(keys: readonly VerifierKey[]): KeySource {
  const byKid = new Map<string, { algorithm: Algorithm; key: KeyObject }>()
  for (const k of keys) {
    if (byKid.has(k.kid)) throw new TypeError(`@wxlogin/verify: kid ${k.kid} is given twice`)
    if (k.secret !== undefined) {
      if (Buffer.byteLength(k.secret) < 32)
        throw new TypeError(`@wxlogin/verify: the secret of kid ${k.kid} is under 32 bytes`)
      byKid.set(k.kid, { algorithm: 'HS256', key: createSecretKey(Buffer.from(k.secret)) })
      continue
    }
    const key =
      typeof k.publicKey === 'string'
        ? createPublicKey(k.publicKey)
        : createPublicKey({ key: k.publicKey, format: 'jwk' })
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new TypeError(`@wxlogin/verify: the key of kid ${k.kid} is not a P-256 public key`)
    byKid.set(k.kid, { algorithm: 'ES256', key })
  }
  const getKey: JWTVerifyGetKey = (header) => {
    const entry = header.kid === undefined ? undefined : byKid.get(header.kid)
    if (!entry) throw noKey(header.kid)
    if (header.alg !== entry.algorithm)
      throw new VerifyError('invalid', `This key verifies ${entry.algorithm} tokens only.`)
    return entry.key
  }
  const algorithms = [...new Set([...byKid.values()].map((e) => e.algorithm))]
  return { getKey, algorithms }
}
