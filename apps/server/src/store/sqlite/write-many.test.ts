import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../app-error.js'
import { openConnection, type Connection } from './connection.js'

/**
 * Connection.writeMany: several statements as one entry of the group commit (account deletion).
 * They stand or fall together, and their failure leaves the other writes of the batch alone.
 */
describe('Connection.writeMany', () => {
  let conn: Connection
  afterEach(() => conn.close())

  const setup = () => {
    conn = openConnection(':memory:')
    conn.db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)')
    const insert = conn.prepare('INSERT INTO t (k, v) VALUES (?, ?)')
    const rows = () =>
      conn
        .prepare('SELECT k FROM t ORDER BY k')
        .all<{ k: string }>()
        .map((r) => r.k)
    return { insert, rows }
  }

  it('commits all its statements, in one batch with the writes around it', async () => {
    const { insert, rows } = setup()
    const results = await Promise.all([
      conn.write(() => insert.run('a', '1').changes),
      conn.writeMany(() => insert.run('b', '2').changes + insert.run('c', '3').changes),
      conn.write(() => insert.run('d', '4').changes),
    ])
    expect(results).toEqual([1, 2, 1])
    expect(rows()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('a failing statement undoes the ones before it, and only its caller sees the error', async () => {
    const { insert, rows } = setup()
    await conn.write(() => insert.run('taken', '0'))
    const [before, many, after] = await Promise.allSettled([
      conn.write(() => insert.run('a', '1')),
      conn.writeMany(() => {
        insert.run('b', '2')
        insert.run('taken', 'again') // PRIMARY KEY conflict
      }),
      conn.write(() => insert.run('d', '4')),
    ])
    expect(before.status).toBe('fulfilled')
    expect(after.status).toBe('fulfilled')
    expect(many.status).toBe('rejected')
    expect((many as PromiseRejectedResult).reason).toBeInstanceOf(AppError)
    expect(rows()).toEqual(['a', 'd', 'taken'])
    // The savepoint is gone with it: later writes commit normally.
    await conn.writeMany(() => insert.run('e', '5'))
    expect(rows()).toContain('e')
  })

  it('a thrown error (not SQL) undoes its statements too', async () => {
    const { insert, rows } = setup()
    const failed = conn.writeMany(() => {
      insert.run('x', '1')
      throw new Error('changed my mind')
    })
    await expect(failed).rejects.toThrow('changed my mind')
    expect(rows()).toEqual([])
  })
})
