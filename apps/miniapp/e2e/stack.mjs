// Starts the real wxlogin server (with its in-process WeChat simulator) on free loopback ports
// for the mp-bundle and browser tests, and stops it afterwards.
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import http from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const MINIAPP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const REPO_DIR = path.resolve(MINIAPP_DIR, '../..')
/** The built server; WXLOGIN_SERVER_MAIN points the tests at another build of it. */
export const SERVER_MAIN =
  process.env.WXLOGIN_SERVER_MAIN ?? path.join(REPO_DIR, 'apps/server/dist/main.js')

/** A loaded 2-core machine can take a while to boot node + the store. */
const READY_TIMEOUT_MS = 60_000

/** A port the OS says is free right now (a race remains; startStack retries on a lost one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitForReady(url, child, output) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before ready:\n${output()}`)
    try {
      const res = await httpJson('GET', `${url}/readyz`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`server not ready at ${url}/readyz within ${READY_TIMEOUT_MS} ms:\n${output()}`)
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function startOnce({ corsOrigins = [], env = {} }) {
  const [port, simPort] = [await freePort(), await freePort()]
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wxlogin-e2e-'))
  let log = ''
  const serverEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    WECHAT_SIM_PORT: String(simPort),
    DATA_DIR: dataDir,
    CORS_ORIGINS: corsOrigins.join(','),
    LOG_LEVEL: 'warn',
    ...env,
  }
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_DIR,
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const apiUrl = `http://127.0.0.1:${port}`
  const cleanup = async () => {
    await stopChild(child)
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForReady(apiUrl, child, () => log)
  } catch (err) {
    await cleanup()
    throw err
  }
  /** The server's own admin CLI (`admin grant <userId>`), on the same store. */
  const adminCli = (...args) =>
    new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(path.dirname(SERVER_MAIN), 'cli/admin.js'), ...args],
        { cwd: REPO_DIR, env: serverEnv },
        (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      )
    })
  return { apiUrl, simUrl: `http://127.0.0.1:${simPort}`, log: () => log, stop: cleanup, adminCli }
}

/**
 * Spawns `node apps/server/dist/main.js` (no WX_APP_SECRET: it runs the WeChat simulator itself)
 * and resolves once GET /readyz is 200. Call `stop()` when done.
 */
export async function startStack(options = {}) {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`pnpm --filter @wxlogin/server build\` first`)
  }
  let lastError
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startOnce(options)
    } catch (err) {
      lastError = err
      // Only a port taken between freePort() and listen() is worth another try.
      if (!/EADDRINUSE/.test(String(err?.message))) throw err
    }
  }
  throw lastError
}

/**
 * One JSON request over node:http. Not `fetch`: under vitest's happy-dom environment the global
 * fetch is the browser one, with CORS, which the simulator's control API does not speak.
 */
export function httpJson(method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      url,
      {
        method,
        // An explicit length: Node sends a DELETE body with neither length nor chunking otherwise.
        headers: payload
          ? {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(payload)),
              ...headers,
            }
          : headers,
        timeout: 30_000,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => {
          let parsed = text
          try {
            parsed = text ? JSON.parse(text) : undefined
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)))
    req.on('error', reject)
    req.end(payload)
  })
}

export const postJson = (url, body) => httpJson('POST', url, body ?? {})

/** A fresh single-use wx.login code from the simulator's control API. */
export async function mintLoginCode(simUrl, openid) {
  const res = await postJson(`${simUrl}/__sim/login-code`, openid ? { openid } : {})
  if (res.status !== 200) throw new Error(`__sim/login-code answered ${res.status}`)
  return res.body
}
