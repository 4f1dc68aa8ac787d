// The MongoDB-protocol server of the second pass: MONGODB_URI when set (a database of our own on
// it, dropped afterwards), else FerretDB on a fresh SQLite directory, found like the server's
// test harness finds it (apps/server/test/support/ferretdb.ts). Null with a reason when none.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { accessSync, constants } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { freePort, startProcess } from './processes.mjs'
import { ROOT } from './stack.mjs'

const FERRETDB_VERSION = 'v1.24.2'
const CACHED = path.join(ROOT, '.cache', 'ferretdb', FERRETDB_VERSION, 'ferretdb')

function executable(file) {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const onPath = (name) =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find(executable)

/** FERRETDB_BIN, `ferretdb` on PATH, the cached build; with `mayBuild`, build it (needs Go). */
function findFerretDb(mayBuild) {
  if (process.env.FERRETDB_BIN) return { bin: process.env.FERRETDB_BIN }
  const found = onPath('ferretdb') ?? (executable(CACHED) ? CACHED : undefined)
  if (found) return { bin: found }
  const none = `no MONGODB_URI, no FERRETDB_BIN, no ferretdb on PATH, no ${path.relative(ROOT, CACHED)}`
  if (!mayBuild) return { reason: `${none} (the smoke run does not build FerretDB)` }
  if (!onPath('go')) return { reason: `${none}, and no Go to build it` }
  console.log(
    `  building FerretDB ${FERRETDB_VERSION} with scripts/ensure-ferretdb.mjs (once; about a minute)…`,
  )
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-ferretdb.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const bin = res.stdout?.toString().trim().split('\n').pop()
  return res.status === 0 && bin
    ? { bin }
    : { reason: `scripts/ensure-ferretdb.mjs failed (exit ${res.status})` }
}

async function dropDatabase(uri) {
  const { MongoClient } = createRequire(path.join(ROOT, 'apps/server/package.json'))('mongodb')
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000 })
  try {
    await client.db().dropDatabase()
  } finally {
    await client.close()
  }
}

/** Resolves to `{ uri, label, stop() }` or `{ reason }`. */
export async function obtainMongo({ plan, workDir, mayBuild }) {
  if (process.env.MONGODB_URI) {
    const url = new URL(process.env.MONGODB_URI)
    url.pathname = `/wxlogin_bench_${randomBytes(4).toString('hex')}`
    const uri = url.toString()
    return {
      uri,
      label: `MONGODB_URI (database ${url.pathname.slice(1)})`,
      stop: () => dropDatabase(uri).catch(() => {}),
    }
  }
  const found = findFerretDb(mayBuild)
  if ('reason' in found) return found
  const dir = path.join(workDir, 'ferretdb')
  await mkdir(dir, { recursive: true })
  const port = await freePort()
  const proc = await startProcess({
    plan,
    cpu: plan.loadCpu,
    name: 'FerretDB',
    cmd: found.bin,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-', // no metrics/pprof listener (its default is a fixed port, 8088)
      '--telemetry=disable',
      '--log-level=error',
    ],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    port,
    logFile: path.join(workDir, 'ferretdb.log'),
  })
  return {
    uri: `mongodb://127.0.0.1:${port}/wxlogin_bench`,
    label: `FerretDB ${FERRETDB_VERSION} (${found.bin}, SQLite backend)`,
    stop: proc.stop,
    pid: proc.pid,
  }
}
