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

/**
 * FERRETDB_BIN, `ferretdb` on PATH, else scripts/ensure-ferretdb.mjs's build in the per-user
 * cache (~/.cache/wxlogin/ferretdb/<version>/); with `mayBuild`, it builds one (needs Go).
 */
function findFerretDb(mayBuild) {
  if (process.env.FERRETDB_BIN) return { bin: process.env.FERRETDB_BIN }
  const found = onPath('ferretdb')
  if (found) return { bin: found }
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/ensure-ferretdb.mjs'), ...(mayBuild ? [] : ['--no-build'])],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const last = res.stdout.trim().split('\n').pop()
  if (res.status === 0 && last) return { bin: last }
  const none =
    'no MONGODB_URI, no FERRETDB_BIN, no ferretdb on PATH, no FerretDB build in the cache'
  if (res.status === 3) return { reason: `${none} (the smoke run does not build FerretDB)` }
  return { reason: `${none}: ${res.stderr.trim() || last}` }
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
