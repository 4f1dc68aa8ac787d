import { errors, jwtVerify, type JWTPayload } from 'jose'
import { localKeys, remoteKeys, type JwksOptions, type VerifierKey } from './key-source.js'
import { VerifyError } from './verify-error.js'

/** What a wxlogin access token says (RFC 9068 names, plus wxlogin's `sid`, `appid`, `roles`). */
export interface AccessClaims {
  /** The user id. */
  sub: string
  /** The session id (one sign-in on one device). */
  sid: string
  /** The mini-program's AppID the user signed in to. */
  appid: string
  /** `user`, and `admin` for administrators. */
  roles: string[]
  /** Issued at, seconds since the epoch. */
  iat: number
  /** Expires at, seconds since the epoch. */
  exp: number
  /** This token's id. */
  jti: string
}

export interface VerifierOptions {
  /** wxlogin's JWKS, e.g. `https://auth.example.com/.well-known/jwks.json` (ES256). */
  jwksUrl?: string | URL
  /** Or the keys themselves: P-256 public keys (ES256), or the shared secret (HS256). */
  keys?: readonly VerifierKey[]
  /** wxlogin's JWT_ISSUER (default there: `wxlogin`). */
  issuer: string
  /** wxlogin's JWT_AUDIENCE (default there: `wxlogin-api`). */
  audience: string
  /** Caching of the JWKS (with `jwksUrl`). */
  jwks?: JwksOptions
  /** Leeway for `exp` and `iat` between this machine's clock and the server's. Default 0. */
  clockToleranceSeconds?: number
  /** The time to verify at; default the system clock (tests move it). */
  now?: () => Date
}

export interface Verifier {
  /** The token's claims, or throws a VerifyError (`expired`, `invalid`, `jwks_unavailable`). */
  verify(token: string): Promise<AccessClaims>
}

/** RFC 9068: only an access token has this type, so no other JWT of the issuer passes as one. */
const ACCESS_TOKEN_TYP = 'at+jwt'

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string')

function claimsOf(p: JWTPayload): AccessClaims | null {
  const { sub, sid, appid, roles, iat, exp, jti } = p
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof appid !== 'string') return null
  if (!isStringArray(roles) || typeof iat !== 'number' || typeof exp !== 'number') return null
  if (typeof jti !== 'string') return null
  return { sub, sid, appid, roles, iat, exp, jti }
}

/** jose's errors, mapped to ours in one place. */
function toVerifyError(err: unknown): VerifyError {
  if (err instanceof VerifyError) return err
  switch (err instanceof errors.JOSEError ? err.code : undefined) {
    // jose checks the signature before the claims: an expired token is a genuine one.
    case errors.JWTExpired.code:
      return new VerifyError('expired', 'The access token has expired.', { cause: err })
    case errors.JWKSNoMatchingKey.code:
      return new VerifyError('invalid', 'No key for this token (unknown kid).', { cause: err })
    default:
      return new VerifyError('invalid', 'The access token is not valid.', { cause: err })
  }
}

/**
 * A verifier of wxlogin access tokens for other services: the algorithm pinned by the key (ES256
 * from the JWKS; HS256 only with a secret given in `keys`), and issuer, audience, `typ: at+jwt`
 * and the claims' shape checked. It cannot see revocation: a signed-out session's access token
 * verifies until it expires (docs/tokens.md, "Revocation").
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const { issuer, audience } = options
  if (!issuer || !audience) throw new TypeError('@wxlogin/verify: issuer and audience are required')
  if ((options.jwksUrl === undefined) === (options.keys === undefined))
    throw new TypeError('@wxlogin/verify: give either jwksUrl or keys')
  const source =
    options.jwksUrl !== undefined
      ? remoteKeys(new URL(options.jwksUrl), options.jwks)
      : localKeys(options.keys ?? [])
  if (source.algorithms.length === 0) throw new TypeError('@wxlogin/verify: no keys given')

  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, source.getKey, {
          algorithms: source.algorithms,
          issuer,
          audience,
          typ: ACCESS_TOKEN_TYP,
          requiredClaims: ['sub', 'exp', 'iat', 'jti'],
          clockTolerance: options.clockToleranceSeconds ?? 0,
          currentDate: options.now?.(),
        })
        const claims = claimsOf(payload)
        if (!claims) throw new VerifyError('invalid', 'The access token lacks wxlogin claims.')
        return claims
      } catch (err) {
        throw toVerifyError(err)
      }
    },
  }
}
