import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'
import { storeTargets } from './support/stores.js'

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = promisify(execFile)

/** The CLI as an operator runs it: a separate process, with the server's DATA_DIR / MONGODB_URI. */
async function cli(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/admin.ts', ...args],
      {
        cwd: serverRoot,
        env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
        timeout: 60_000,
      },
    )
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('admin CLI usage', () => {
  it.each([[[]], [['promote', 'x']], [['grant', 'a', 'b']]])(
    '%j exits 2 with the usage line',
    async (args) => {
      const res = await cli({}, ...args)
      expect(res.code).toBe(2)
      expect(res.stderr).toMatch(/usage: admin <grant\|revoke\|login-link> <userId>/)
    },
  )
})

describe.each(storeTargets())('admin CLI (grant/revoke) on $name', (target) => {
  let s: Stack
  const store = () => ({
    DATA_DIR: s.server.config.dataDir,
    MONGODB_URI: s.server.config.mongodbUri ?? '',
  })
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  it('grant makes a signed-in user pass the admin guard within the read-cache TTL; revoke takes it away', async () => {
    const user = await s.login()
    const adminApi = () => s.request('GET', '/api/admin/users', { token: user.accessToken })
    // The CLI is another process: the server sees its change once its cached read of the user
    // expires (AUTH_CACHE_TTL_MS, 1 s by default; README "Configuration").
    const adminStatusSettlesTo = async (status: number) => {
      const deadline = Date.now() + 3_000
      let last = (await adminApi()).status
      while (last !== status && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
        last = (await adminApi()).status
      }
      expect(last).toBe(status)
    }
    expect((await adminApi()).status).toBe(403)

    const granted = await cli(store(), 'grant', user.user.id)
    expect(granted).toMatchObject({ code: 0, stderr: '' })
    expect(granted.stdout).toMatch(new RegExp(`^${user.user.id}: admin role granted`))
    await adminStatusSettlesTo(200)
    expect((await s.request('GET', '/api/me', { token: user.accessToken })).body.roles).toEqual([
      'user',
      'admin',
    ])

    const again = await cli(store(), 'grant', user.user.id)
    expect(again).toMatchObject({ code: 0 })
    expect(again.stdout).toMatch(/nothing to do, already an admin/)

    const revoked = await cli(store(), 'revoke', user.user.id)
    expect(revoked).toMatchObject({ code: 0 })
    expect(revoked.stdout).toMatch(/admin role revoked/)
    await adminStatusSettlesTo(403)

    const { items } = await s.server.store.audit.list({
      userId: user.user.id,
      page: 1,
      pageSize: 10,
    })
    expect(
      items.filter((e) => e.action !== 'login').map((e) => [e.action, e.actorId, e.targetId]),
    ).toEqual([
      ['role_revoked', null, user.user.id],
      ['role_granted', null, user.user.id],
    ])
  })

  it('an unknown user exits 1 with a clear message', async () => {
    const res = await cli(store(), 'grant', '0123456789abcdef01234567')
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/No user with id 0123456789abcdef01234567/)
    expect(res.stdout).toBe('')
  })
})

describe.each(storeTargets())('admin CLI (login-link) on $name', (target) => {
  let s: Stack
  const env = () => ({
    DATA_DIR: s.server.config.dataDir,
    MONGODB_URI: s.server.config.mongodbUri ?? '',
    PUBLIC_URL: s.url,
  })
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  it('prints a one-time console link for an admin that signs the browser in once', async () => {
    const admin = await s.login()
    await s.server.store.users.updateAccount(admin.user.id, { roles: ['user', 'admin'] })
    const res = await cli(env(), 'login-link', admin.user.id)
    expect(res).toMatchObject({ code: 0, stderr: '' })
    const match = new RegExp(`^${s.url}/admin/#/link/([\\w-]+)/([\\w-]+)\\n`).exec(res.stdout)
    expect(match, res.stdout).not.toBeNull()
    expect(res.stdout).toMatch(/valid until \d{4}-\d\d-\d\dT/)
    const [, ticketId, secret] = match as RegExpExecArray
    const redeem = () =>
      s.request('POST', `/api/admin/login-tickets/${ticketId}/poll`, {
        body: { pollToken: secret },
      })
    const first = await redeem()
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'approved', user: { id: admin.user.id } })
    expect((await redeem()).body).toEqual({ status: 'approved' })

    const { items } = await s.server.store.audit.list({
      action: 'admin_login_link_issued',
      page: 1,
      pageSize: 5,
    })
    expect(items[0]).toMatchObject({ actorId: null, targetId: admin.user.id })
    // The secret is in the link only, never in the audit log.
    expect(JSON.stringify(items)).not.toContain(secret)
  })

  it('refuses a user who is not an admin (exit 1), and an unknown user', async () => {
    const user = await s.login()
    const res = await cli(env(), 'login-link', user.user.id)
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/not an admin/)
    expect(res.stdout).toBe('')
    const unknown = await cli(env(), 'login-link', '0123456789abcdef01234567')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No user with id/)
  })
})
