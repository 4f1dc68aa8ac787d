import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'
import { keyRing, loadOrCreateDevKeys } from '../src/tokens/key-ring.js'
import { spawnServer } from './support/spawn-server.js'

const pem = (options: { namedCurve: string } | { modulusLength: number }) =>
  ('namedCurve' in options
    ? generateKeyPairSync('ec', options)
    : generateKeyPairSync('rsa', options)
  ).privateKey
    .export({ format: 'pem', type: 'pkcs8' })
    .toString()
const P256 = pem({ namedCurve: 'prime256v1' })
const SECRET_32 = 'p'.repeat(32)

const PRODUCTION = {
  NODE_ENV: 'production',
  WX_APP_ID: 'wx1234567890abcdef',
  WX_APP_SECRET: 'real-app-secret-0123456789',
  JWT_ALG: 'ES256',
  JWT_KEYS: JSON.stringify([{ kid: '2026-01', privateKey: P256 }]),
}

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.message
    throw err
  }
  return ''
}

describe('JWT_ALG=ES256 configuration', () => {
  it('accepts a P-256 private key in production', () => {
    expect(problemsOf(PRODUCTION)).toBe('')
    expect(parseConfig(PRODUCTION).jwt).toMatchObject({ algorithm: 'ES256' })
  })

  it('HS256 stays the default', () => {
    expect(parseConfig({ JWT_SECRET: SECRET_32 }).jwt.algorithm).toBe('HS256')
  })

  it.each([
    [
      'no key',
      { JWT_KEYS: undefined },
      /JWT_KEYS: required when NODE_ENV=production and JWT_ALG=ES256/,
    ],
    [
      'a P-384 key',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: pem({ namedCurve: 'secp384r1' }) }]) },
      /JWT_KEYS: key "k" is not a P-256 \(prime256v1\) private key/,
    ],
    [
      'an RSA key',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: pem({ modulusLength: 2048 }) }]) },
      /key "k" is not a P-256/,
    ],
    [
      'a public key where the private key belongs',
      {
        JWT_KEYS: JSON.stringify([
          {
            kid: 'k',
            privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
              .publicKey.export({ format: 'pem', type: 'spki' })
              .toString(),
          },
        ]),
      },
      /key "k" is not a P-256/,
    ],
    [
      'text that is no PEM',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: 'nope' }]) },
      /key "k" is not a P-256/,
    ],
    [
      'an HS256 JWT_SECRET',
      { JWT_KEYS: undefined, JWT_SECRET: SECRET_32 },
      /JWT_SECRET: is an HS256 secret; with JWT_ALG=ES256/,
    ],
    [
      'a secret as the signing key',
      {
        JWT_KEYS: JSON.stringify([
          { kid: 'hs', secret: SECRET_32 },
          { kid: 'ec', privateKey: P256 },
        ]),
      },
      /with JWT_ALG=ES256 the signing key .* needs a "privateKey"/,
    ],
    [
      'only standby keys',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: P256, standby: true }]) },
      /every key is on standby/,
    ],
    [
      'a key with both a secret and a private key',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: P256, secret: SECRET_32 }]) },
      /JWT_KEYS: .*0: each key has exactly one of "secret" \(HS256\) and "privateKey"/,
    ],
    [
      'a misspelt field (it would otherwise be ignored)',
      { JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: P256, standy: true }]) },
      /JWT_KEYS: .*Unrecognized key: "standy"/,
    ],
    ['an unknown algorithm', { JWT_ALG: 'RS256' }, /JWT_ALG/],
  ])('refuses %s and says why', (_name, change, message) => {
    expect(problemsOf({ ...PRODUCTION, ...change })).toMatch(message)
  })

  it('a JWT_KEYS that is not JSON is refused without echoing its text (it holds secrets)', () => {
    const message = problemsOf({
      JWT_KEYS: '[{"kid":"k","secret":"super-secret-value-0123456789-abc"',
    })
    expect(message).toMatch(/JWT_KEYS: must be JSON of the documented shape \(not JSON\)/)
    expect(message).not.toContain('super-secret')
  })

  it('a P-384 key is refused outside production too (it could not sign ES256)', () => {
    const env = {
      JWT_ALG: 'ES256',
      JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: pem({ namedCurve: 'secp384r1' }) }]),
    }
    expect(problemsOf(env)).toMatch(/not a P-256/)
  })

  it('keeps an old HS256 secret verify-only behind the ES256 key (switching algorithms)', () => {
    const config = parseConfig({
      ...PRODUCTION,
      JWT_KEYS: JSON.stringify([
        { kid: 'es', privateKey: P256 },
        { kid: 'k1', secret: SECRET_32 },
      ]),
    })
    const ring = keyRing(config.jwt.keys ?? [])
    expect(ring.signing).toMatchObject({ kid: 'es', algorithm: 'ES256' })
    expect(ring.byKid.get('k1')).toMatchObject({ algorithm: 'HS256' })
  })

  it('in development generates one P-256 key in DATA_DIR (0600) and keeps it across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxlogin-es256-dev-'))
    try {
      const [first] = await loadOrCreateDevKeys(dir, 'ES256')
      const [again] = await loadOrCreateDevKeys(dir, 'ES256')
      expect(again).toEqual(first)
      expect(first?.kid).toMatch(/^dev-[\w-]{12}$/)
      const file = join(dir, 'jwt-es256-key.pem')
      expect(await readFile(file, 'utf8')).toContain('BEGIN PRIVATE KEY')
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect(keyRing([first!]).signing.algorithm).toBe('ES256')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the process exits 1 before listening, one line per problem', async () => {
    const proc = spawnServer({
      ...PRODUCTION,
      PORT: '0',
      JWT_SECRET: SECRET_32,
      JWT_KEYS: JSON.stringify([{ kid: 'k', privateKey: pem({ namedCurve: 'secp384r1' }) }]),
    })
    expect(await proc.exited).toBe(1)
    const lines = proc.stderr().split('\n')
    expect(lines).toContain('Invalid configuration:')
    expect(lines.filter((l) => /^ {2}JWT_/.test(l))).toEqual([
      '  JWT_KEYS: set either JWT_KEYS or JWT_SECRET, not both',
      expect.stringMatching(/^ {2}JWT_SECRET: is an HS256 secret/),
      expect.stringMatching(/^ {2}JWT_KEYS: key "k" is not a P-256/),
    ])
    expect(proc.stdout()).not.toContain('wxlogin API on')
  })
})
