import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { algorithmOf, type JwtAlgorithm, type SigningKeyConfig } from './jwt-config.js'

/** One key of the ring, ready to use: KeyObjects are built once, not per token. */
export interface RingKey {
  kid: string
  /** The only algorithm a token with this `kid` may use: pinned by the key, never the header. */
  algorithm: JwtAlgorithm
  /** The secret (HS256) or the private key (ES256). */
  signingKey: KeyObject
  /** The secret (HS256) or the public key (ES256). */
  verifyingKey: KeyObject
  /**
   * What the refresh successor key is derived from (refresh-token.ts): the secret, or the
   * private scalar `d` of an EC key (the same key in SEC1 or PKCS#8 PEM gives the same bytes).
   */
  successorSecret: string
  standby: boolean
}

/**
 * Signing keys, newest first: the first key not on standby signs, all verify (so a key can
 * rotate, docs/tokens.md). `keys` keeps the configured order.
 */
export interface KeyRing {
  signing: RingKey
  keys: readonly RingKey[]
  byKid: ReadonlyMap<string, RingKey>
}

function ringKey(config: SigningKeyConfig): RingKey {
  const common = { kid: config.kid, algorithm: algorithmOf(config), standby: !!config.standby }
  if (config.privateKey === undefined) {
    // The secret's UTF-8 bytes, as jsonwebtoken would use the string: the same signatures.
    const secret = createSecretKey(Buffer.from(config.secret))
    return { ...common, signingKey: secret, verifyingKey: secret, successorSecret: config.secret }
  }
  const privateKey = createPrivateKey(config.privateKey)
  const { d } = privateKey.export({ format: 'jwk' })
  if (!d) throw new Error(`key ${config.kid}: not a private key`)
  const verifyingKey = createPublicKey(privateKey)
  return { ...common, signingKey: privateKey, verifyingKey, successorSecret: d }
}

export function keyRing(configs: SigningKeyConfig[]): KeyRing {
  const keys = configs.map(ringKey)
  const signing = keys.find((k) => !k.standby)
  if (!signing) throw new Error('keyRing: a key that is not on standby is required')
  return { signing, keys, byKid: new Map(keys.map((k) => [k.kid, k])) }
}

/** Writes `content` to a new file (0600) unless it exists; either way returns what the file holds. */
async function keepOnce(file: string, create: () => string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    const content = create()
    await mkdir(path.dirname(file), { recursive: true })
    return writeFile(file, `${content}\n`, { mode: 0o600, flag: 'wx' }).then(
      () => content,
      async () => (await readFile(file, 'utf8')).trim(), // another process created it first
    )
  }
}

/** RFC 7638 thumbprint of an EC public key: a kid that names the key and nothing else. */
function thumbprint(publicKey: KeyObject): string {
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' })
  return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url')
}

/**
 * Development convenience: without configured keys (refused in production by config), a random
 * secret (HS256) or a P-256 key (ES256) is generated once and kept in DATA_DIR, so tokens survive
 * restarts.
 */
export async function loadOrCreateDevKeys(
  dataDir: string,
  algorithm: JwtAlgorithm = 'HS256',
): Promise<SigningKeyConfig[]> {
  if (algorithm === 'HS256') {
    const secret = await keepOnce(path.join(dataDir, 'jwt-secret'), () =>
      randomBytes(48).toString('base64url'),
    )
    return [{ kid: 'dev', secret }]
  }
  const privateKey = await keepOnce(path.join(dataDir, 'jwt-es256-key.pem'), () =>
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
      .trim(),
  )
  const kid = `dev-${thumbprint(createPublicKey(privateKey)).slice(0, 12)}`
  return [{ kid, privateKey }]
}
