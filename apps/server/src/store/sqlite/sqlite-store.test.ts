import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../app-error.js'
import { testStore } from '../../../test/store/store-conformance.js'
import type { Store } from '../store.js'
import { SCHEMA_VERSION } from './schema.js'
import { createSqliteStore } from './sqlite-store.js'

const dirs: string[] = []
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'wxlogin-sqlite-'))
  dirs.push(dir)
  return dir
}

testStore('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wxlogin-sqlite-'))
  const store = await createSqliteStore({ dataDir: dir })
  return {
    store,
    async cleanup() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})

describe('sqlite store', () => {
  const stores: Store[] = []
  const open = async (dataDir: string, more: { purgeIntervalMs?: number } = {}): Promise<Store> => {
    const store = await createSqliteStore({ dataDir, ...more })
    stores.push(store)
    return store
  }
  /** A second, raw connection to the file, to look at what the store wrote. */
  const inspect = <T>(dir: string, sql: string): T => {
    const db = new Database(join(dir, 'wxlogin.db'))
    try {
      return db.prepare(sql).get() as T
    } finally {
      db.close()
    }
  }
  const now = new Date('2026-03-01T08:00:00.000Z')
  const rejection = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    )

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()))
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })

  it('keeps its file in WAL mode with a schema version', async () => {
    const dir = await tempDir()
    await open(join(dir, 'nested', 'data'))
    const db = new Database(join(dir, 'nested', 'data', 'wxlogin.db'))
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' })
      expect(db.prepare('PRAGMA user_version').get()).toMatchObject({
        user_version: SCHEMA_VERSION,
      })
    } finally {
      db.close()
    }
  })

  it('migrates a version-1 file: agreements, console tickets and content-security tables are added, the rows kept', async () => {
    const dir = await tempDir()
    const first = await open(dir)
    const { user } = await first.users.upsertOnLogin({ appId: 'wxapp1', openid: 'o-v1', now })
    await first.close()
    const raw = new Database(join(dir, 'wxlogin.db'))
    raw.exec(`ALTER TABLE users DROP COLUMN agreement_version;
      ALTER TABLE users DROP COLUMN agreement_accepted_at;
      DROP INDEX users_last_login; DROP TABLE login_tickets;
      DROP TABLE moderation_items; DROP TABLE media_checks; PRAGMA user_version = 1`)
    raw.close()
    const reopened = await open(dir)
    expect(await reopened.users.findById(user.id)).toEqual({ ...user, agreement: null })
    const agreement = { version: '1', acceptedAt: now }
    expect((await reopened.users.acceptAgreement(user.id, agreement))?.agreement).toEqual(agreement)
    expect(await reopened.moderation.countOpen()).toBe(0)
    expect(await reopened.mediaChecks.countPending()).toBe(0)
    expect(inspect<{ user_version: number }>(dir, 'PRAGMA user_version').user_version).toBe(
      SCHEMA_VERSION,
    )
  })

  it('adds the columns of profile fields declared after a file was created, keeping its rows', async () => {
    const dir = await tempDir()
    const first = await open(dir)
    const { user } = await first.users.upsertOnLogin({
      appId: 'wxapp1',
      openid: 'o-old-file',
      profile: { nickname: 'Old' },
      now,
    })
    await first.close()
    // A file from before `bio` and `gender` existed (both kinds: nullable, and NOT NULL DEFAULT).
    const raw = new Database(join(dir, 'wxlogin.db'))
    raw.exec('ALTER TABLE users DROP COLUMN bio; ALTER TABLE users DROP COLUMN gender')
    raw.close()
    const reopened = await open(dir)
    expect(await reopened.users.findById(user.id)).toEqual({ ...user, bio: null, gender: 0 })
    const change = await reopened.users.updateProfile(user.id, { bio: 'back', gender: 2 })
    expect(change?.after).toMatchObject({ nickname: 'Old', bio: 'back', gender: 2 })
  })

  it('keeps the data across a restart', async () => {
    const dir = await tempDir()
    const first = await open(dir)
    const { user } = await first.users.upsertOnLogin({
      appId: 'wxapp1',
      openid: 'o-durable',
      unionid: 'U-d',
      now,
    })
    await first.audit.append({
      at: now,
      action: 'login',
      actorId: user.id,
      targetId: user.id,
      ip: null,
      details: {},
    })
    await first.close()

    const second = await open(dir)
    expect(await second.users.findById(user.id)).toEqual(user)
    const again = await second.users.upsertOnLogin({ appId: 'wxapp1', openid: 'o-durable', now })
    expect(again).toMatchObject({
      isNew: false,
      user: { id: user.id, loginCount: 2, unionid: 'U-d' },
    })
    expect((await second.audit.list({ page: 1, pageSize: 10 })).total).toBe(1)
  })

  it('two stores on one file (two processes) racing first logins make one user', async () => {
    const dir = await tempDir()
    const [a, b] = [await open(dir), await open(dir)]
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).users.upsertOnLogin({ appId: 'wxapp1', openid: 'o-two-procs', now }),
      ),
    )
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
    expect(results.filter((r) => r.isNew)).toHaveLength(1)
    expect((await b.users.findById(results[0]?.user.id ?? ''))?.loginCount).toBe(40)
    // Each sees the other's writes at once (no statement left holding an old snapshot).
    const hash = 'h-shared'
    const { user } = results[0] ?? { user: { id: '' } }
    await a.sessions.create({
      id: 's-shared',
      userId: user.id,
      appId: 'wxapp1',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
      lastUsedAt: now,
      userAgent: null,
      ip: null,
    })
    await b.sessions.addRefreshToken({
      hash,
      sessionId: 's-shared',
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    })
    const wins = await Promise.all(
      [a, b, a, b].map((s) => s.sessions.consumeRefreshToken(hash, now)),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
  })

  it('fails with DB_UNAVAILABLE when the data dir cannot be used or the store is closed', async () => {
    const dir = await tempDir()
    const blocker = join(dir, 'not-a-dir')
    await writeFile(blocker, 'x')
    const cannotCreate = await rejection(createSqliteStore({ dataDir: join(blocker, 'data') }))
    expect(cannotCreate).toBeInstanceOf(AppError)
    expect((cannotCreate as AppError).code).toBe('DB_UNAVAILABLE')

    // The database path is taken by a directory.
    const cannotOpen = await rejection(createSqliteStore({ dataDir: dir, filename: '.' }))
    expect((cannotOpen as AppError).code).toBe('DB_UNAVAILABLE')

    const store = await createSqliteStore({ dataDir: dir })
    await store.close()
    const closed = await rejection(store.users.findById('ffffffffffffffffffffffff'))
    expect(closed).toBeInstanceOf(AppError)
    expect((closed as AppError).code).toBe('DB_UNAVAILABLE')
    await expect(store.ping()).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' })
  })

  it('purges expired login codes and long-dead refresh tokens on later writes', async () => {
    const dir = await tempDir()
    const store = await open(dir, { purgeIntervalMs: 0 })
    const min = 60_000
    const t = (ms: number) => new Date(now.getTime() + ms)
    await store.codes.put('c-old', { appId: 'wxapp1', openid: 'o', unionid: null }, t(5 * min))
    await store.codes.put('c-new', { appId: 'wxapp1', openid: 'o', unionid: null }, t(3 * 60 * min))
    expect(inspect<{ n: number }>(dir, 'SELECT count(*) AS n FROM login_codes').n).toBe(1)
    expect(await store.codes.get('c-new', t(2 * 60 * min))).not.toBeNull()

    const { user } = await store.users.upsertOnLogin({ appId: 'wxapp1', openid: 'o-purge', now })
    await store.sessions.create({
      id: 's-old',
      userId: user.id,
      appId: 'wxapp1',
      createdAt: now,
      expiresAt: t(min),
      lastUsedAt: now,
      userAgent: null,
      ip: null,
    })
    await store.sessions.addRefreshToken({
      hash: 'h-old',
      sessionId: 's-old',
      userId: user.id,
      createdAt: now,
      expiresAt: t(min),
    })
    const later = t(3 * 24 * 60 * min)
    await store.sessions.create({
      id: 's-new',
      userId: user.id,
      appId: 'wxapp1',
      createdAt: later,
      expiresAt: t(30 * 24 * 60 * min),
      lastUsedAt: later,
      userAgent: null,
      ip: null,
    })
    await store.sessions.addRefreshToken({
      hash: 'h-new',
      sessionId: 's-new',
      userId: user.id,
      createdAt: later,
      expiresAt: t(30 * 24 * 60 * min),
    })
    expect(await store.sessions.findRefreshToken('h-old')).toBeNull()
    expect(await store.sessions.findById('s-old')).toBeNull()
    expect(await store.sessions.findRefreshToken('h-new')).not.toBeNull()
  })
})
