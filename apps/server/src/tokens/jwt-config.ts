import { createPrivateKey } from 'node:crypto'
import { z } from 'zod'

/**
 * The JWT part of the configuration (config.ts parses the environment, this checks the keys).
 *
 * `JWT_ALG` says how new access tokens are signed: HS256 with a shared secret (the default), or
 * ES256 with a P-256 private key, whose public half other services can fetch from the JWKS
 * (docs/tokens.md says when to choose which). The key ring may hold keys of the other kind too,
 * verify-only, so switching algorithms does not invalidate the tokens already out there.
 */
export const JWT_ALGORITHMS = ['HS256', 'ES256'] as const
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]

/** One entry of JWT_KEYS: a secret (HS256) or a PEM private key (ES256). */
export type SigningKeyConfig = {
  kid: string
  /** Published and verifying, but not signing yet (docs/tokens.md, "Rotating keys"). */
  standby?: boolean
} & ({ secret: string; privateKey?: undefined } | { privateKey: string; secret?: undefined })

export const SigningKey = z
  .object({
    kid: z.string().min(1).max(64),
    secret: z.string().min(32, 'each secret needs >= 32 bytes').optional(),
    privateKey: z.string().min(1).optional(),
    standby: z.boolean().optional(),
  })
  .strict()
  .refine((k) => (k.secret === undefined) !== (k.privateKey === undefined), {
    message: 'each key has exactly one of "secret" (HS256) and "privateKey" (ES256, PEM)',
  })
  .transform((k): SigningKeyConfig => {
    const standby = k.standby ? { standby: true } : {}
    return k.privateKey !== undefined
      ? { kid: k.kid, privateKey: k.privateKey, ...standby }
      : { kid: k.kid, secret: k.secret ?? '', ...standby }
  })

export const algorithmOf = (key: SigningKeyConfig): JwtAlgorithm =>
  key.privateKey !== undefined ? 'ES256' : 'HS256'

/** True when `pem` is a private key on P-256 (the only curve ES256 allows, RFC 7518 §3.4). */
function isP256PrivateKey(pem: string): boolean {
  try {
    const key = createPrivateKey(pem)
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  } catch {
    return false
  }
}

/** The JWT variables of the parsed environment (config.ts). */
export interface JwtEnv {
  NODE_ENV: string
  JWT_ALG: JwtAlgorithm
  JWT_SECRET?: string | undefined
  JWT_KEYS?: SigningKeyConfig[] | undefined
}

/**
 * The configured keys (null: generate one in DATA_DIR, development only) and every problem with
 * them, one line each, naming the variable.
 */
export function jwtKeys(env: JwtEnv): { keys: SigningKeyConfig[] | null; problems: string[] } {
  const { JWT_ALG: algorithm, JWT_SECRET: secret } = env
  const production = env.NODE_ENV === 'production'
  const problems: string[] = []
  if (secret && env.JWT_KEYS) problems.push('JWT_KEYS: set either JWT_KEYS or JWT_SECRET, not both')
  if (secret && algorithm === 'ES256')
    problems.push(
      'JWT_SECRET: is an HS256 secret; with JWT_ALG=ES256 set JWT_KEYS with a P-256 "privateKey" (an old secret may follow it in JWT_KEYS so its tokens still verify)',
    )
  const keys = env.JWT_KEYS ?? (secret ? [{ kid: 'k1', secret }] : null)

  if (production && !keys)
    problems.push(
      algorithm === 'ES256'
        ? 'JWT_KEYS: required when NODE_ENV=production and JWT_ALG=ES256 (a P-256 private key in PEM)'
        : 'JWT_SECRET: required when NODE_ENV=production (at least 32 bytes)',
    )
  if (!keys) return { keys, problems }

  if (production && keys.some((k) => k.secret !== undefined && Buffer.byteLength(k.secret) < 32))
    problems.push('JWT_SECRET: must be at least 32 bytes when NODE_ENV=production')
  for (const key of keys)
    if (key.privateKey !== undefined && !isP256PrivateKey(key.privateKey))
      problems.push(
        `JWT_KEYS: key "${key.kid}" is not a P-256 (prime256v1) private key in PEM; ES256 needs one`,
      )
  // A kid names one key: verification looks it up.
  if (new Set(keys.map((k) => k.kid)).size !== keys.length)
    problems.push('JWT_KEYS: each kid must be unique')
  const signing = keys.find((k) => !k.standby)
  if (!signing) problems.push('JWT_KEYS: every key is on standby; one must sign')
  else if (algorithmOf(signing) !== algorithm)
    problems.push(
      `JWT_KEYS: with JWT_ALG=${algorithm} the signing key (the first without "standby") needs ${algorithm === 'ES256' ? 'a "privateKey"' : 'a "secret"'}`,
    )
  return { keys, problems }
}
