import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { openConnection, type Connection } from './connection.js'

describe('WAL checkpoints on a worker thread', () => {
  let dir: string | undefined
  let conn: Connection | undefined
  afterEach(async () => {
    await conn?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('copies committed pages into the database file off the event loop, and stops on close', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wxlogin-ckpt-'))
    const file = join(dir, 'wxlogin.db')
    const c = openConnection(file)
    conn = c
    // The main connection checkpoints only past the safety net, far above what is written here.
    expect(c.db.prepare('PRAGMA wal_autocheckpoint').get()).toMatchObject({
      wal_autocheckpoint: 10_000,
    })
    c.db.exec('CREATE TABLE blobs (b TEXT)')
    const before = (await stat(file)).size
    // (Text, not a Buffer: libsql 0.5.29 panics binding a Buffer to a prepared statement.)
    const insert = c.prepare('INSERT INTO blobs (b) VALUES (?)')
    // About 400 pages: the WAL holds them until a checkpoint copies them into the file.
    await Promise.all(
      Array.from({ length: 200 }, () => c.write(() => insert.run('x'.repeat(8192)))),
    )
    let size = before
    for (let waited = 0; size < before + 1_000_000 && waited < 5000; waited += 50) {
      await sleep(50)
      size = (await stat(file)).size
    }
    expect(size).toBeGreaterThan(before + 1_000_000)
    await c.close()
    conn = undefined
  })
})
