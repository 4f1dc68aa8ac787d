import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../app-error.js'
import { createMongoStore, type MongoStore } from './mongo-store.js'
import {
  findFerretDb,
  startFerretDb,
  type FerretDbProcess,
} from '../../../test/support/ferretdb.js'

/**
 * The database goes away and comes back while the store stays up: calls fail fast with
 * DB_UNAVAILABLE (never hang), and work again without recreating the store. It needs a server it
 * may kill, so it starts a FerretDB of its own.
 */
const found = findFerretDb()
const skipReason = 'reason' in found ? `no FerretDB to stop and restart (${found.reason})` : null
if (skipReason) {
  if (process.env.CI === 'true') throw new Error(`mongo-outage.test: ${skipReason}; CI must run it`)
  console.log(`[mongo-outage.test] skipped: ${skipReason}`)
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const NOW = new Date('2026-01-01T00:00:00Z')

/** How a call ends, and how long it took. */
async function outcome(call: () => Promise<unknown>): Promise<{ code: string; ms: number }> {
  const started = Date.now()
  try {
    await call()
    return { code: 'ok', ms: Date.now() - started }
  } catch (err) {
    return {
      code: isAppError(err) ? err.code : `not an AppError: ${String(err)}`,
      ms: Date.now() - started,
    }
  }
}

describe('createMongoStore when no database answers', () => {
  it('rejects with DB_UNAVAILABLE within ~3 s', async () => {
    const port = await closedPort()
    const started = await outcome(() =>
      createMongoStore({ uri: `mongodb://127.0.0.1:${port}/`, dbName: 'wxlogin_none' }),
    )
    expect(started.code).toBe('DB_UNAVAILABLE')
    expect(started.ms).toBeLessThan(3_500)
  })
})

describe.skipIf(skipReason !== null)(
  'MongoDB store when the database goes away and comes back',
  () => {
    let ferret: FerretDbProcess
    let store: MongoStore
    let userId: string

    beforeAll(async () => {
      ferret = await startFerretDb((found as { bin: string }).bin)
      store = await createMongoStore({ uri: ferret.uri, dbName: 'wxlogin_outage' })
      userId = (await store.users.upsertOnLogin({ appId: 'wxout', openid: 'o1', now: NOW })).user.id
    })
    afterAll(async () => {
      await store?.close()
      await ferret?.stop()
    })

    it('rejects with DB_UNAVAILABLE within ~3 s while it is down: reads, writes, parallel calls and ping', async () => {
      await ferret.pause()

      const read = await outcome(() => store.users.findById(userId))
      expect(read.code).toBe('DB_UNAVAILABLE')
      expect(read.ms).toBeLessThan(3_500)

      const ping = await outcome(() => store.ping())
      expect(ping.code).toBe('DB_UNAVAILABLE')
      expect(ping.ms).toBeLessThan(3_500)

      // Ten writes at once (queued one after another on FerretDB 1.x): still no long hang.
      const started = Date.now()
      const writes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          outcome(() => store.users.upsertOnLogin({ appId: 'wxout', openid: `w${i}`, now: NOW })),
        ),
      )
      expect(writes.map((w) => w.code)).toEqual(Array(10).fill('DB_UNAVAILABLE'))
      const parallelMs = Date.now() - started

      // Inserts go through the driver's bulk API, which wraps the network error (errorResponse).
      const at = NOW
      const inserts = await Promise.all([
        outcome(() =>
          store.codes.put('c'.repeat(64), { appId: 'wxout', openid: 'o1', unionid: null }, at),
        ),
        outcome(() =>
          store.audit.append({
            at,
            action: 'login',
            actorId: userId,
            targetId: userId,
            ip: null,
            details: {},
          }),
        ),
        outcome(() =>
          store.sessions.create({
            id: 'a'.repeat(24),
            userId,
            appId: 'wxout',
            createdAt: at,
            expiresAt: at,
            lastUsedAt: at,
            userAgent: null,
            ip: null,
          }),
        ),
      ])
      expect(inserts.map((w) => w.code)).toEqual(Array(3).fill('DB_UNAVAILABLE'))
      console.log(
        `[mongo-outage.test] down: read ${read.ms} ms, ping ${ping.ms} ms, 10 parallel writes ${parallelMs} ms`,
      )
      expect(parallelMs).toBeLessThan(3_500)
    })

    it('works again once the database is back, with the same store and the data intact', async () => {
      await ferret.resume()
      const deadline = Date.now() + 15_000
      let ping = await outcome(() => store.ping())
      while (ping.code !== 'ok' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        ping = await outcome(() => store.ping())
      }
      expect(ping.code).toBe('ok')
      console.log(
        `[mongo-outage.test] answering again ${15_000 - (deadline - Date.now())} ms after the restart`,
      )
      expect((await store.users.findById(userId))?.openid).toBe('o1')
      const again = await store.users.upsertOnLogin({ appId: 'wxout', openid: 'o1', now: NOW })
      expect(again).toMatchObject({ isNew: false, user: { id: userId, loginCount: 2 } })
    })
  },
)
