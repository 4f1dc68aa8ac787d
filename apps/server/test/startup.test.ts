import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer } from './support/spawn-server.js'

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** A port held by someone else for the whole file. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as { port: number }).port, server }
}

describe('starting on a busy port', () => {
  let held: { port: number; server: Server }
  let dataDir: string
  beforeAll(async () => {
    held = await holdPort()
    dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-busy-'))
  })
  afterAll(async () => {
    await new Promise((resolve) => held.server.close(resolve))
    await rm(dataDir, { recursive: true, force: true })
  })

  it.each([
    ['the API port', 'PORT', () => ({ PORT: String(held.port), WECHAT_SIM_PORT: '0' })],
    [
      'the simulator port',
      'WECHAT_SIM_PORT',
      () => ({ PORT: '0', WECHAT_SIM_PORT: String(held.port) }),
    ],
  ])('%s: one line naming the port and %s, exit 1', async (_what, variable, ports) => {
    const proc = spawnServer({ ...ports(), DATA_DIR: dataDir, NODE_ENV: 'development' })
    expect(await proc.exited).toBe(1)
    const lines = proc.stderr().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `^wxlogin: port ${held.port} on 127\\.0\\.0\\.1 .* is already in use; set ${variable} to another port`,
      ),
    )
    expect(proc.stdout()).not.toMatch(/"level":60|stack/)
  })
})

/** `script` (util-linux) gives the server a terminal as stdout, as `npm start` in a shell does. */
const script = spawnSync('script', ['--version']).error ? null : 'script'
if (!script)
  console.warn('[startup.test] skipping the banner test: no `script` command (util-linux)')

describe.skipIf(!script)('on a terminal', () => {
  it('prints a banner with the URLs, the admin console, the store, the data directory and how to mint a code', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-tty-'))
    const main = `${process.execPath} --import tsx src/main.ts`
    const child = spawn('script', ['-qfec', main, '/dev/null'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    try {
      const deadline = Date.now() + 20_000
      while (!out.includes('Logs follow') && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 50))
      const text = out.replace(/\r/g, '')
      expect(text).toMatch(/wxlogin is running on Node v\d+/)
      expect(text).toMatch(/API {9}http:\/\/127\.0\.0\.1:\d+ {3}\(OpenAPI docs: /)
      expect(text).toMatch(/WeChat {6}built-in simulator on http:\/\/127\.0\.0\.1:\d+/)
      expect(text).toMatch(
        existsSync(path.join(SERVER_DIR, '../admin/dist/index.html'))
          ? /console {5}http:\/\/127\.0\.0\.1:\d+\/admin {3}\(sign in: /
          : /console {5}not built: pnpm --filter @wxlogin\/admin build/,
      )
      expect(text).toContain(`store       SQLite, ${dataDir}/wxlogin.db`)
      expect(text).toContain(`data        ${dataDir}`)
      expect(text).toMatch(
        /mint a code curl -s -XPOST http:\/\/127\.0\.0\.1:\d+\/__sim\/login-code/,
      )
      expect(text).not.toMatch(/"msg":"wxlogin API on/)
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
