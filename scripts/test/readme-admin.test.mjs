// The README's admin command, `pnpm --filter @wxlogin/server admin:grant <userId>`, run as
// written against a server started as `npm start` starts it, neither given a DATA_DIR: both must
// find the same database. pnpm runs the command in apps/server and `npm start` runs from the
// root, so this is the test that their default data directory does not follow the working
// directory (apps/server/src/config.ts, defaultDataDir).
//
// It runs in a throwaway copy of the checkout's layout (root package.json, pnpm-workspace.yaml,
// the built server, its node_modules linked), so the default `.data` it creates is not yours.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { ROOT, freePort, launch, listening, logLines, requestJson, waitFor } from './helpers.mjs'

const run = promisify(execFile)

describe('README: pnpm --filter @wxlogin/server admin:grant <userId>', () => {
  let checkout
  let server
  before(async () => {
    checkout = await mkdtemp(path.join(os.tmpdir(), 'wxlogin-checkout-'))
    for (const file of ['package.json', 'pnpm-workspace.yaml'])
      await cp(path.join(ROOT, file), path.join(checkout, file))
    const serverDir = path.join(checkout, 'apps/server')
    await mkdir(serverDir, { recursive: true })
    await cp(path.join(ROOT, 'apps/server/package.json'), path.join(serverDir, 'package.json'))
    await cp(path.join(ROOT, 'apps/server/dist'), path.join(serverDir, 'dist'), { recursive: true })
    await symlink(path.join(ROOT, 'apps/server/node_modules'), path.join(serverDir, 'node_modules'))
  })
  after(async () => {
    server?.child.kill('SIGTERM')
    await server?.exited
    await rm(checkout, { recursive: true, force: true })
  })

  it('grants admin in the database the server started by npm start uses', async () => {
    const [port, simPort] = [await freePort(), await freePort()]
    const env = { ...process.env, PORT: String(port), WECHAT_SIM_PORT: String(simPort) }
    delete env.DATA_DIR
    delete env.MONGODB_URI
    // As scripts/run.mjs starts it: from the root of the checkout.
    server = launch(process.execPath, ['apps/server/dist/main.js'], { cwd: checkout, env })
    await waitFor('the server', async () => (await listening(port)) && server.output())
    const started = logLines(server.output()).find((line) => line.url)
    assert.equal(started?.dataDir, path.join(checkout, '.data'), server.output())

    const minted = await requestJson('POST', `http://127.0.0.1:${simPort}/__sim/login-code`, {
      body: {},
    })
    const login = await requestJson('POST', `http://127.0.0.1:${port}/api/auth/wx-login`, {
      body: { code: minted.body.code },
    })
    assert.equal(login.status, 200)
    const { accessToken, user } = login.body
    const admin = () =>
      requestJson('GET', `http://127.0.0.1:${port}/api/admin/users`, { token: accessToken })
    assert.equal((await admin()).status, 403)

    // As the README writes it, from a directory of the checkout that is neither of the two.
    const { stdout } = await run('pnpm', ['--filter', '@wxlogin/server', 'admin:grant', user.id], {
      cwd: path.join(checkout, 'apps'),
      env,
    })
    assert.match(stdout, new RegExp(`${user.id}: admin role granted`))
    // The server reads roles through a 1-second cache (AUTH_CACHE_TTL_MS).
    await waitFor('the admin role', async () => (await admin()).status === 200, 5_000)
    await assert.rejects(stat(path.join(checkout, 'apps/server/.data')), { code: 'ENOENT' })
  })
})
