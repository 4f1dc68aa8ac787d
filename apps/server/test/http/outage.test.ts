import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFerretDb, startFerretDb, type FerretDbProcess } from '../support/ferretdb.js'
import { startStack, type Stack } from '../support/stack.js'

/**
 * The database goes away mid-run and comes back: the API answers fast with 503 DB_UNAVAILABLE
 * (never hangs, never 500), /readyz says 503 while /healthz stays 200, and everything works again
 * without a restart. It kills and restarts a FerretDB of its own.
 */
const found = findFerretDb()
const skipReason = 'reason' in found ? `no FerretDB to stop and restart (${found.reason})` : null
if (skipReason) {
  if (process.env.CI === 'true') throw new Error(`outage.test: ${skipReason}; CI must run it`)
  console.log(`[outage.test] skipped: ${skipReason}`)
}

describe.skipIf(skipReason !== null)('the API through a MongoDB outage', () => {
  let db: FerretDbProcess
  let s: Stack

  beforeAll(async () => {
    db = await startFerretDb((found as { bin: string }).bin)
    const target = {
      name: 'mongodb (own ferretdb)',
      prepare: async () => ({
        mongodbUri: `${db.uri.replace(/\/[^/]*$/, '')}/wxlogin_outage`,
        cleanup: async () => {},
      }),
    }
    // No read cache: every request below must really need the database.
    s = await startStack(target, { AUTH_CACHE_TTL_MS: '0' })
  })
  afterAll(async () => {
    await s?.close()
    await db?.stop()
  })

  const timed = async <T>(call: () => Promise<T>) => {
    const started = Date.now()
    const result = await call()
    return { result, ms: Date.now() - started }
  }

  it('fails fast with 503 DB_UNAVAILABLE while down, then recovers by itself', async () => {
    const login = await s.login()
    expect((await s.request('GET', '/readyz')).status).toBe(200)

    await db.pause()
    const me = await timed(() => s.request('GET', '/api/me', { token: login.accessToken }))
    expect(me.result.status).toBe(503)
    expect(me.result.body.error.code).toBe('DB_UNAVAILABLE')
    expect(me.ms).toBeLessThan(8_000)
    const { code } = s.sim.mintLoginCode({})
    const newLogin = await timed(() => s.request('POST', '/api/auth/wx-login', { body: { code } }))
    expect(newLogin.result.status).toBe(503)
    expect(newLogin.ms).toBeLessThan(8_000)
    expect((await s.request('GET', '/readyz')).body.error.code).toBe('DB_UNAVAILABLE')
    expect(await s.request('GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    })

    await db.resume()
    let ready = 0
    for (let i = 0; i < 40 && ready !== 200; i++) {
      ready = (await s.request('GET', '/readyz')).status
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(ready).toBe(200)
    expect((await s.request('GET', '/api/me', { token: login.accessToken })).status).toBe(200)
    expect((await s.login()).isNewUser).toBe(true)
  })
})
