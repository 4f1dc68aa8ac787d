import { lookup } from 'node:dns/promises'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFerretDb, startFerretDb } from './ferretdb.js'

export interface MongoServer {
  uri: string
  kind: 'env' | 'mongodb-memory-server' | 'ferretdb'
  stop(): Promise<void>
  /** Takes the server away (for the outage test); absent for a server we do not own. */
  pause?(): Promise<void>
  resume?(): Promise<void>
}

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref(),
    ),
  ])

/**
 * mongodb-memory-server, only when it can get a mongod quickly: a binary already on this machine
 * (MONGOMS_SYSTEM_BINARY or its cache), or a download host that resolves. Otherwise it spends
 * ~6.5 s failing to download (this network cannot reach MongoDB's servers), so we skip it at once,
 * before even importing it (~1 s).
 */
async function tryMemoryServer(): Promise<MongoServer | { reason: string }> {
  const source =
    process.env.MONGOMS_DOWNLOAD_URL ??
    process.env.MONGOMS_DOWNLOAD_MIRROR ??
    'https://fastdl.mongodb.org'
  const host = new URL(source).hostname
  const unresolved = await withTimeout(lookup(host), 1_000).then(
    () => null,
    (err: Error) => `${host} does not resolve (${err.message})`,
  )
  const cacheDirs = [
    process.env.MONGOMS_DOWNLOAD_DIR,
    path.join(homedir(), '.cache', 'mongodb-binaries'),
    path.join(SERVER_DIR, 'node_modules', '.cache', 'mongodb-memory-server'),
  ]
  const maybeCached =
    Boolean(process.env.MONGOMS_SYSTEM_BINARY) || cacheDirs.some((dir) => dir && existsSync(dir))
  if (unresolved && !maybeCached) return { reason: `no mongod on this machine and ${unresolved}` }

  const { DryMongoBinary, MongoMemoryServer } = await import('mongodb-memory-server')
  if (unresolved) {
    const version = process.env.MONGOMS_VERSION ?? '8.2.6' // its default in 11.3.0
    const binary = await DryMongoBinary.locateBinary({
      version,
      systemBinary: process.env.MONGOMS_SYSTEM_BINARY,
    }).catch(() => undefined)
    if (!binary) return { reason: `no cached mongod ${version} and ${unresolved}` }
  }
  try {
    const mms = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } })
    return {
      uri: mms.getUri(),
      kind: 'mongodb-memory-server',
      stop: async () => void (await mms.stop()),
      pause: async () => void (await mms.stop({ doCleanup: false })),
      resume: async () => void (await mms.start(true)),
    }
  } catch (err) {
    return { reason: `it could not start mongod (${(err as Error).message.split('\n')[0]})` }
  }
}

async function tryFerretDb(): Promise<(MongoServer & { label: string }) | { reason: string }> {
  const found = findFerretDb()
  if ('reason' in found) return found
  const ferret = await startFerretDb(found.bin)
  return { ...ferret, kind: 'ferretdb', label: `${found.bin} (${found.from})` }
}

/**
 * The MongoDB-protocol server for the MongoDB suites, in this order: MONGODB_URI (or
 * WXLOGIN_TEST_MONGODB_URI); mongodb-memory-server when it can get a mongod; FerretDB 1.x.
 * Prints one line saying which and why not the earlier ones. With none: throws in CI (the run
 * must fail, never skip silently), returns null locally (the suites print why they skip).
 */
export async function obtainMongoServer(): Promise<MongoServer | null> {
  const say = (line: string) => console.log(`[mongo-server] ${line}`)
  const envUri = process.env.MONGODB_URI ?? process.env.WXLOGIN_TEST_MONGODB_URI
  if (envUri) {
    say(
      `using the server at ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'WXLOGIN_TEST_MONGODB_URI'}`,
    )
    return { uri: envUri, kind: 'env', stop: async () => {} }
  }
  const skipped = ['MONGODB_URI is not set']

  const memory = await tryMemoryServer()
  if (!('reason' in memory)) {
    say(`using mongodb-memory-server at ${memory.uri} (${skipped.join('; ')})`)
    return memory
  }
  skipped.push(`mongodb-memory-server: ${memory.reason}`)

  const ferret = await tryFerretDb()
  if (!('reason' in ferret)) {
    say(`using FerretDB ${ferret.label} at ${ferret.uri} (${skipped.join('; ')})`)
    return ferret
  }
  skipped.push(`FerretDB: ${ferret.reason}`)

  const why = `no MongoDB-protocol server: ${skipped.join('; ')}`
  if (process.env.CI === 'true')
    throw new Error(
      `${why}. CI must run the MongoDB suites: set MONGODB_URI, or install Go so scripts/ensure-ferretdb.mjs can build FerretDB.`,
    )
  say(`${why}. The MongoDB suites will be skipped.`)
  return null
}
