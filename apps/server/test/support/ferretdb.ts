import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.js'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
export const FERRETDB_VERSION = 'v1.24.2'
const ENSURE = path.join(REPO, 'scripts', 'ensure-ferretdb.mjs')

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find(executable)
}

/**
 * The FerretDB binary: FERRETDB_BIN, else `ferretdb` on PATH, else scripts/ensure-ferretdb.mjs's
 * build in the per-user cache (~/.cache/wxlogin/ferretdb/<version>/, shared by every clone), which
 * it builds when Go is there (about two minutes, once per user and version).
 */
export function findFerretDb(): { bin: string; from: string } | { reason: string } {
  const fromEnv = process.env.FERRETDB_BIN
  if (fromEnv)
    return executable(fromEnv)
      ? { bin: fromEnv, from: 'FERRETDB_BIN' }
      : { reason: `FERRETDB_BIN=${fromEnv} is not an executable file` }
  const found = onPath('ferretdb')
  if (found) return { bin: found, from: 'PATH' }
  const res = spawnSync(process.execPath, [ENSURE], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'], // a build says what it is doing
    encoding: 'utf8',
  })
  const bin = res.stdout.trim().split('\n').pop()
  if (res.status === 0 && bin) return { bin, from: 'scripts/ensure-ferretdb.mjs' }
  return { reason: `scripts/ensure-ferretdb.mjs failed (exit ${res.status ?? res.signal})` }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface FerretDbProcess {
  uri: string
  port: number
  /** Kills the server (SIGTERM, then SIGKILL): connections drop, new ones are refused. */
  pause(): Promise<void>
  /** Starts it again on the same port and data directory. */
  resume(): Promise<void>
  stop(): Promise<void>
}

/** Starts FerretDB (SQLite backend) on a free loopback port with its data in a fresh tmpdir. */
export async function startFerretDb(bin: string): Promise<FerretDbProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-ferretdb-'))
  let port = 0
  let child: ChildProcess | undefined
  let output = ''

  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)

  async function launch(): Promise<boolean> {
    output = ''
    const proc = spawn(
      bin,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--state-dir=${dir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=-', // no metrics/pprof listener (its default is a fixed port, 8088)
        '--telemetry=disable',
        '--log-level=error',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = proc
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000))
    proc.stdout?.on('data', keep)
    proc.stderr?.on('data', keep)
    let exited = false
    proc.once('exit', () => void (exited = true))
    proc.once('error', (err) => {
      exited = true
      output += String(err)
    })
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && !exited) {
      if (await accepts(port)) return true
      await sleep(50)
    }
    proc.kill('SIGKILL')
    return false
  }

  async function kill() {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGTERM')
    // FerretDB waits for its clients on SIGTERM, and the store under test keeps its pool open.
    const hard = setTimeout(() => proc.kill('SIGKILL'), 1_000)
    await exited
    clearTimeout(hard)
  }

  // The port is free when we look and taken a moment later only if someone races us: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort()
    if (await launch()) break
    if (attempt === 2) {
      await rm(dir, { recursive: true, force: true })
      throw new Error(`FerretDB (${bin}) did not start on 127.0.0.1:${port}:\n${output}`)
    }
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pause: kill,
    async resume() {
      if (!(await launch()))
        throw new Error(`FerretDB did not restart on 127.0.0.1:${port}:\n${output}`)
    },
    async stop() {
      await kill()
      process.removeListener('exit', killOnExit)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
