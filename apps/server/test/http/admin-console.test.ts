import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { AdminStats, AdminUserList, AuditList } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const tag = () => randomBytes(4).toString('hex')

describe.each(storeTargets())('admin console API on $name', (target) => {
  let s: Stack
  let admin: { id: string; token: string }

  beforeAll(async () => {
    s = await startStack(target)
    const a = await s.login()
    await s.server.store.users.updateAccount(a.user.id, { roles: ['user', 'admin'] })
    admin = { id: a.user.id, token: a.accessToken }
  })
  afterAll(() => s.close())

  const get = (p: string, token = admin.token) => s.request('GET', p, { token })

  describe('GET /api/admin/stats', () => {
    it('counts users, today’s sign-ups, logins in 24 h and live sessions', async () => {
      const before = AdminStats.parse((await get('/api/admin/stats')).body)
      const fresh = await s.login()
      await s.login({ openid: `o-stats-${tag()}` })
      await s.server.store.users.updateAccount(fresh.user.id, { status: 'disabled' })
      const after = AdminStats.parse((await get('/api/admin/stats')).body)
      expect(after.users.total - before.users.total).toBe(2)
      expect(after.users.active - before.users.active).toBe(1)
      expect(after.users.disabled - before.users.disabled).toBe(1)
      expect(after.users.newToday - before.users.newToday).toBe(2)
      expect(after.logins24h - before.logins24h).toBe(2)
      // Disabling revokes sessions only through the API; the store call above did not.
      expect(after.activeSessions - before.activeSessions).toBe(2)
    })

    it('"today" starts where the console says (its local midnight), within 48 hours', async () => {
      const now = s.clock.now().getTime()
      const inFuture = new Date(now + 60_000).toISOString()
      const dayStart = encodeURIComponent(inFuture)
      // A start in the future is not a midnight of today: midnight UTC instead.
      const res = await get(`/api/admin/stats?dayStart=${dayStart}`)
      expect(res.status).toBe(200)
      const start = encodeURIComponent(new Date(now + 1).toISOString())
      await new Promise((r) => setTimeout(r, 5))
      await s.login()
      const since = AdminStats.parse((await get(`/api/admin/stats?dayStart=${start}`)).body)
      expect(since.users.newToday).toBe(1)
      expect((await get('/api/admin/stats?dayStart=yesterday')).status).toBe(400)
    })

    it('is for admins only', async () => {
      const user = await s.login()
      expect((await get('/api/admin/stats', user.accessToken)).status).toBe(403)
      expect((await s.request('GET', '/api/admin/stats')).status).toBe(401)
    })
  })

  describe('GET /api/admin/users, console additions', () => {
    it('filters by role, finds a user by id, and sorts by last login', async () => {
      const t = tag()
      const a = await s.login({ openid: `o-a-${t}`, profile: { nickName: `Sort${t}A` } })
      const b = await s.login({ openid: `o-b-${t}`, profile: { nickName: `Sort${t}B` } })
      await s.login({ openid: `o-a-${t}` }) // a logs in again: last login now a
      const ids = async (q: string) =>
        AdminUserList.parse((await get(`/api/admin/users?q=Sort${t}&${q}`)).body).items.map(
          (u) => u.id,
        )
      expect(await ids('')).toEqual([b.user.id, a.user.id])
      expect(await ids('sort=lastLoginAt')).toEqual([a.user.id, b.user.id])
      expect(await ids('sort=createdAt&order=asc')).toEqual([a.user.id, b.user.id])
      const admins = AdminUserList.parse((await get('/api/admin/users?role=admin')).body)
      expect(admins.items.map((u) => u.id)).toContain(admin.id)
      expect(admins.items.every((u) => u.roles.includes('admin'))).toBe(true)
      const byId = AdminUserList.parse((await get(`/api/admin/users?q=${b.user.id}`)).body)
      expect(byId.items.map((u) => u.id)).toEqual([b.user.id])
      expect((await get('/api/admin/users?sort=nickname')).status).toBe(400)
      expect((await get('/api/admin/users?role=root')).status).toBe(400)
    })
  })

  describe('GET /api/admin/audit, console additions', () => {
    it('filters by actor, target and time', async () => {
      const u = await s.login()
      const res = await s.request('PATCH', `/api/admin/users/${u.user.id}`, {
        token: admin.token,
        body: { status: 'disabled' },
      })
      expect(res.status).toBe(200)
      const list = async (q: string) =>
        AuditList.parse((await get(`/api/admin/audit?${q}`)).body).items
      const byTarget = await list(`targetId=${u.user.id}&actorId=${admin.id}`)
      expect(byTarget.map((e) => e.action)).toEqual(['admin_update_user'])
      const from = encodeURIComponent(new Date(s.clock.now().getTime() + 60_000).toISOString())
      expect(await list(`targetId=${u.user.id}&from=${from}`)).toEqual([])
      const to = encodeURIComponent(new Date(s.clock.now().getTime() + 60_000).toISOString())
      expect((await list(`targetId=${u.user.id}&to=${to}`)).length).toBe(2) // login + disable
      expect((await get('/api/admin/audit?from=tomorrow')).status).toBe(400)
    })
  })
})

describe('GET /admin (the console build)', () => {
  let s: Stack
  let dir: string
  const INDEX =
    '<!doctype html><html><head><script type="module" src="/admin/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>'

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-console-'))
    await mkdir(path.join(dir, 'assets'))
    await writeFile(path.join(dir, 'index.html'), INDEX)
    await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("console")')
    await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    s = await startStack(storeTargets()[0]!, { ADMIN_CONSOLE_DIR: dir })
  })
  afterAll(async () => {
    await s.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves the page with a strict CSP, no caching and no cookie', async () => {
    const res = await s.request('GET', '/admin')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.body).toBe(INDEX)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('serves hashed assets for a year and top-level files; any other path is the page', async () => {
    const js = await s.request('GET', '/admin/assets/index-abc123.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect((await s.request('GET', '/admin/favicon.svg')).headers.get('content-type')).toBe(
      'image/svg+xml',
    )
    for (const p of ['/admin/', '/admin/users', '/admin/index.html']) {
      const page = await s.request('GET', p)
      expect(page.status, p).toBe(200)
      expect(page.body, p).toBe(INDEX)
      expect(page.headers.get('content-security-policy'), p).toContain("script-src 'self'")
    }
  })

  it('never reads outside the build: unknown or odd asset names are 404', async () => {
    for (const p of [
      '/admin/assets/missing.js',
      '/admin/assets/..%2Findex.html',
      '/admin/assets/.env',
      '/admin/assets/index-abc123.exe',
    ]) {
      const res = await s.request('GET', p)
      expect(res.status, p).toBe(404)
      expect(res.body.error.code, p).toBe('NOT_FOUND')
    }
  })

  it('says how to build the console when there is no build', async () => {
    const empty = await startStack(storeTargets()[0]!, { ADMIN_CONSOLE_DIR: path.join(dir, 'no') })
    try {
      const res = await empty.request('GET', '/admin')
      expect(res.status).toBe(404)
      expect(res.body.error.message).toMatch(/pnpm --filter @wxlogin\/admin build/)
    } finally {
      await empty.close()
    }
  })
})
