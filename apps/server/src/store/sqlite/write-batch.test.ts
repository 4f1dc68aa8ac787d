import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { toStoreError } from './connection.js'
import { createWriteBatcher } from './write-batch.js'

describe('group commit (write-batch)', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function file(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'wxlogin-batch-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    return join(dir, 'batch.db')
  }

  function connect(path: string, busyTimeoutMs = 5000) {
    const db = new Database(path)
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${busyTimeoutMs}`)
    db.exec('CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, n INTEGER)')
    cleanups.push(() => {
      db.close()
    })
    const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?)')
    const keys = () =>
      (db.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k)
    return { db, insert, keys, ...createWriteBatcher(db, toStoreError) }
  }

  const settle = (ps: Promise<unknown>[]) => Promise.allSettled(ps)

  it('commits the writes of one turn in one transaction', async () => {
    const c = connect(await file())
    const seen: boolean[] = []
    const one = (k: string) =>
      c.write(() => {
        seen.push(c.db.inTransaction)
        c.insert.run(k, 1)
        return k
      })
    await expect(Promise.all([one('a'), one('b'), one('c')])).resolves.toEqual(['a', 'b', 'c'])
    await one('d')
    expect(seen).toEqual([true, true, true, true])
    expect(c.keys()).toEqual(['a', 'b', 'c', 'd'])
    expect(c.db.inTransaction).toBe(false)
  })

  it('fails only the write whose statement fails; the rest of the batch is committed', async () => {
    const c = connect(await file())
    await c.write(() => c.insert.run('taken', 1))
    const results = await settle([
      c.write(() => c.insert.run('x', 1)),
      c.write(() => c.insert.run('taken', 2)),
      c.write(() => c.insert.run('y', 1)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' })
    expect(c.keys()).toEqual(['taken', 'x', 'y'])
    expect(c.db.prepare("SELECT n FROM t WHERE k = 'taken'").get()).toMatchObject({ n: 1 })
  })

  it('commits the batch after a failing RETURNING statement (libsql leaves it un-reset)', async () => {
    const c = connect(await file())
    const returning = c.db.prepare('INSERT INTO t (k, n) VALUES (?, ?) RETURNING k')
    await c.write(() => returning.get('taken', 1))
    const results = await settle([
      c.write(() => returning.get('taken', 2)),
      c.write(() => c.insert.run('z', 1)),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    expect(c.keys()).toEqual(['taken', 'z'])
  })

  it('answers a write only once another connection can read it', async () => {
    const path = await file()
    const writer = connect(path)
    const reader = connect(path)
    const written = await Promise.all(
      ['p', 'q'].map((k) => writer.write(() => writer.insert.run(k, 1)).then(() => reader.keys())),
    )
    expect(written.map((keys) => keys.includes('p') && keys.includes('q'))).toEqual([true, true])
  })

  it('lets two connections in one process batch on the same file without waiting on each other', async () => {
    const path = await file()
    const first = connect(path, 1000)
    const second = connect(path, 1000)
    const writes = Array.from({ length: 20 }, (_, i) => {
      const c = i % 2 ? first : second
      return c.write(() => c.insert.run(`k${String(i).padStart(2, '0')}`, i))
    })
    await Promise.all(writes)
    expect(first.keys()).toHaveLength(20)
  })

  it('fails the whole batch with DB_UNAVAILABLE when the write lock cannot be had, then recovers', async () => {
    const path = await file()
    const c = connect(path, 50)
    const holder = connect(path)
    holder.db.exec('BEGIN IMMEDIATE')
    const results = await settle([
      c.write(() => c.insert.run('a', 1)),
      c.write(() => c.insert.run('b', 1)),
    ])
    expect(
      results.map((r) => r.status === 'rejected' && (r.reason as { code?: string }).code),
    ).toEqual(['DB_UNAVAILABLE', 'DB_UNAVAILABLE'])
    holder.db.exec('ROLLBACK')
    await Promise.all([c.write(() => c.insert.run('a', 1)), c.write(() => c.insert.run('b', 1))])
    expect(c.keys()).toEqual(['a', 'b'])
  })

  it('runs what is queued when flushed (closing a store does this)', async () => {
    const c = connect(await file())
    const pending = Promise.all([
      c.write(() => c.insert.run('a', 1)),
      c.write(() => c.insert.run('b', 1)),
    ])
    c.flush()
    expect(c.keys()).toEqual(['a', 'b'])
    await pending
  })
})
