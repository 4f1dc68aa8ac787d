import http from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, waitForLog, type ServerProcess } from './support/spawn-server.js'

/**
 * SIGTERM with a request in flight: the process stops accepting at once, lets the request finish
 * (within SHUTDOWN_GRACE_MS), closes the store and the built-in simulator, and exits 0. The slow
 * request is a login while the simulator stalls jscode2session.
 */
/**
 * The in-flight request goes over its own connection (agent: false). A keep-alive socket from the
 * test's pool could be one the server is just closing for idleness, and that race, not the
 * shutdown, would then cut the request.
 */
function postOnFreshConnection(url: string, body: unknown) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

describe('graceful shutdown on SIGTERM', () => {
  let proc: ServerProcess | null = null
  let dataDir = ''
  afterEach(async () => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  async function start(env: Record<string, string> = {}) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-shutdown-'))
    proc = spawnServer({
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      WECHAT_SIM_PORT: '0',
      WECHAT_TIMEOUT_MS: '10000',
      LOG_LEVEL: 'info',
      ...env,
    })
    const ready = await waitForLog(
      proc,
      (line) => typeof line.url === 'string' && String(line.msg).startsWith('wxlogin API on'),
    )
    return { proc, url: ready.url as string, sim: ready.simulatorUrl as string }
  }

  /** Starts a login that the simulator holds for `delayMs`; returns (boxed) once WeChat has been called. */
  async function slowLogin(url: string, sim: string, delayMs: number) {
    const { code } = (await (
      await fetch(`${sim}/__sim/login-code`, { method: 'POST' })
    ).json()) as { code: string }
    const fault = await fetch(`${sim}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'jscode2session', delayMs }),
    })
    expect(fault.status).toBe(204)
    const response = postOnFreshConnection(`${url}/api/auth/wx-login`, { code })
    for (let i = 0; i < 100; i++) {
      const stats = (await (await fetch(`${sim}/__sim/stats`)).json()) as {
        calls: Record<string, number>
      }
      if ((stats.calls.jscode2session ?? 0) > 0) return { response }
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error('the login never reached WeChat')
  }

  /** A new TCP connection is refused (the listener is closed): never a pooled keep-alive socket. */
  const refused = (url: string) =>
    new Promise<boolean>((resolve) => {
      const req = http.get(`${url}/healthz`, { agent: false, timeout: 1000 }, (res) => {
        res.resume()
        resolve(false)
      })
      req.on('timeout', () => req.destroy())
      req.on('error', (err: Error & { code?: string }) => resolve(err.code === 'ECONNREFUSED'))
    })

  it(
    'finishes the in-flight login, refuses new connections meanwhile, and exits 0',
    { timeout: 60_000 },
    async () => {
      const { proc, url, sim } = await start()
      const { response: login } = await slowLogin(url, sim, 1500)
      let settled = false
      void login.finally(() => (settled = true))

      const signalled = Date.now()
      proc.child.kill('SIGTERM')
      let refusedWhileInFlight = false
      while (!settled && Date.now() - signalled < 1400) {
        if (await refused(url)) {
          refusedWhileInFlight = !settled
          break
        }
        await new Promise((r) => setTimeout(r, 25))
      }
      expect(
        refusedWhileInFlight,
        'a new connection was refused while the login was still running',
      ).toBe(true)

      const res = await login
      expect(res.status).toBe(200)
      expect(res.body.accessToken).toEqual(expect.any(String))
      expect(await proc.exited).toBe(0)
      expect(Date.now() - signalled).toBeLessThan(5000)
      expect(proc.stdout()).toContain('"msg":"shutting down"')
    },
  )

  it(
    'cuts a request that outlives SHUTDOWN_GRACE_MS and still exits 0',
    { timeout: 60_000 },
    async () => {
      const { proc, url, sim } = await start({ SHUTDOWN_GRACE_MS: '300' })
      const { response: login } = await slowLogin(url, sim, 8000)
      const signalled = Date.now()
      proc.child.kill('SIGTERM')
      await expect(login).rejects.toThrow()
      expect(await proc.exited).toBe(0)
      expect(Date.now() - signalled).toBeLessThan(4000)
    },
  )
})
