import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { SigningKeyConfig } from '../config.js'

/** Signing keys, newest first: the newest signs, all verify (so a key can rotate). */
export interface KeyRing {
  signing: SigningKeyConfig
  byKid: ReadonlyMap<string, SigningKeyConfig>
}

export function keyRing(keys: SigningKeyConfig[]): KeyRing {
  const [signing] = keys
  if (!signing) throw new Error('keyRing: at least one key is required')
  return { signing, byKid: new Map(keys.map((k) => [k.kid, k])) }
}

const SECRET_FILE = 'jwt-secret'

/**
 * Development convenience: without JWT_SECRET/JWT_KEYS (refused in production by config), a
 * random secret is generated once and kept in DATA_DIR, so tokens survive restarts.
 */
export async function loadOrCreateDevKeys(dataDir: string): Promise<SigningKeyConfig[]> {
  const file = path.join(dataDir, SECRET_FILE)
  let secret: string
  try {
    secret = (await readFile(file, 'utf8')).trim()
  } catch {
    secret = randomBytes(48).toString('base64url')
    await mkdir(dataDir, { recursive: true })
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => {
      secret = (await readFile(file, 'utf8')).trim() // another process created it first
    })
  }
  return [{ kid: 'dev', secret }]
}
