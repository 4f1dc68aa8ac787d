// Child processes of a benchmark run: the WeChat simulator, the server under test, the bare
// node:http ceiling and FerretDB. Each is a separate process so the server's CPU and memory are
// its own; with pinning, the process under load gets core 0 and everything else core 1.
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import os from 'node:os'

/** CPU pinning: the server (or the ceiling) on core 0; autocannon, simulator, FerretDB on core 1. */
export function pinningPlan(wanted) {
  if (!wanted) return { pinned: false, reason: '--no-pin' }
  if (os.cpus().length < 2) return { pinned: false, reason: 'fewer than 2 CPUs' }
  if (spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status !== 0)
    return { pinned: false, reason: 'taskset not found (util-linux)' }
  return { pinned: true, serverCpu: '0', loadCpu: '1' }
}

/** Pins this process and all its threads (autocannon runs here) to the load-generator core. */
export function pinSelf(plan) {
  if (!plan.pinned) return
  spawnSync('taskset', ['-a', '-cp', plan.loadCpu, String(process.pid)], { stdio: 'ignore' })
}

function launch(plan, cpu, cmd, args, options) {
  if (!plan.pinned || cpu === null) return spawn(cmd, args, options)
  // taskset execs the command, so the child's pid is the command's pid (the one /proc reports).
  return spawn('taskset', ['-c', cpu, cmd, ...args], options)
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/** A spawned process with its output kept in a log file; `stop()` is SIGTERM, then SIGKILL. */
function track(child, name, logFile) {
  let exited = child.exitCode !== null
  child.once('exit', () => void (exited = true))
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  return {
    name,
    pid: child.pid,
    logFile,
    get exited() {
      return exited
    },
    async stop() {
      process.removeListener('exit', killOnExit)
      if (exited) return
      const done = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const hard = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await done
      clearTimeout(hard)
    },
  }
}

function logTail(logFile) {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
  } catch {
    return '(no output)'
  }
}

async function waitForPort(proc, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exited) break
    if (await accepts(port)) return
    await sleep(50)
  }
  await proc.stop()
  const why = proc.exited ? 'exited' : `did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`
  throw new Error(`${proc.name} ${why}. Its last output:\n${logTail(proc.logFile)}`)
}

/** Starts a process whose output goes to `logFile` and waits until it accepts on `port`. */
export async function startProcess({
  plan,
  cpu,
  name,
  cmd,
  args,
  env,
  port,
  logFile,
  timeoutMs = 30_000,
}) {
  const fd = openSync(logFile, 'a')
  const child = launch(plan, cpu, cmd, args, { env, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const proc = track(child, name, logFile)
  await waitForPort(proc, port, timeoutMs)
  return proc
}

/** Minimal environment for children: nothing of the caller's server settings leaks in. */
export function baseEnv(extra) {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']
  const env = Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]]))
  return { ...env, ...extra }
}

export { sleep }
