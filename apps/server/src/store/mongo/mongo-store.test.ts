import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { isAppError } from '../../app-error.js'
import { createMongoStore, type MongoStore } from './mongo-store.js'
import { MONGO_INDEXES } from './indexes.js'
import { freshMongoStore } from '../../../test/support/mongo-stores.js'
import { testStore } from '../../../test/store/store-conformance.js'

const server = inject('mongo')
if (!server)
  console.log(
    '[mongo-store.test] skipped: no MongoDB-protocol server for this run (see the [mongo-server] line)',
  )

const NOW = new Date('2026-01-01T00:00:00Z')
const later = (ms: number) => new Date(NOW.getTime() + ms)

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'resolved'
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`
  }
}

if (server) testStore(`mongodb (${server.kind})`, () => freshMongoStore(server.uri))

describe.skipIf(!server)(`MongoDB store on ${server?.kind} (specific to MongoDB)`, () => {
  const uri = server?.uri ?? ''
  let fresh: Awaited<ReturnType<typeof freshMongoStore>>
  let store: MongoStore
  let dbName: string

  beforeAll(async () => {
    fresh = await freshMongoStore(uri)
    ;({ store, dbName } = fresh)
    console.log(`[mongo-store.test] server: ${store.server.label}`)
  })
  afterAll(() => fresh.cleanup())

  it('creates every index of MONGO_INDEXES at start-up, unique ones unique', async () => {
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 2_000 })
    try {
      for (const spec of MONGO_INDEXES) {
        const indexes = await client.db(dbName).collection(spec.collection).listIndexes().toArray()
        const index = indexes.find((i) => i.name === spec.name)
        expect(index, `${spec.collection}.${spec.name}`).toBeDefined()
        expect(index?.key).toEqual(spec.key)
        expect(Boolean(index?.unique)).toBe(Boolean(spec.options?.unique))
        if (store.server.partialIndexes && spec.options?.partialFilterExpression) {
          expect(index?.partialFilterExpression).toEqual(spec.options.partialFilterExpression)
        }
        if (store.server.ttlIndexes && spec.options?.expireAfterSeconds !== undefined) {
          expect(index?.expireAfterSeconds).toBe(spec.options.expireAfterSeconds)
        }
      }
    } finally {
      await client.close()
    }
  })

  it('starts again on a database whose indexes already exist', async () => {
    const again = await createMongoStore({ uri, dbName })
    await again.ping()
    await again.close()
  })

  it('maps documents to records: id is the ObjectId hex, absent unionid and phone are null', async () => {
    const { user } = await store.users.upsertOnLogin({ appId: 'wxmap', openid: 'o-map', now: NOW })
    expect(user.id).toMatch(/^[0-9a-f]{24}$/)
    expect(user).toMatchObject({
      unionid: null,
      phone: null,
      phoneNational: null,
      nickname: null,
      gender: 0,
      roles: ['user'],
      status: 'active',
    })
    expect(await store.users.findById('not-an-object-id')).toBeNull()
    expect(await store.users.findById('0123456789abcdef01234567')).toBeNull()
    expect(await store.users.updateProfile('nope', { nickname: 'x' })).toBeNull()
  })

  it('50 parallel first logins of one openid make one user, exactly one isNew, and count 50 logins', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.users.upsertOnLogin({ appId: 'wxrace', openid: 'o-race', now: NOW }),
      ),
    )
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
    expect(results.filter((r) => r.isNew)).toHaveLength(1)
    expect((await store.users.findById(results[0]!.user.id))?.loginCount).toBe(50)
  })

  it('first logins racing from two instances (E11000 on insert) still make one user and one isNew', async () => {
    const other = await createMongoStore({ uri, dbName })
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? other : store).users.upsertOnLogin({
            appId: 'wxrace2',
            openid: 'o-race2',
            unionid: 'u-race2',
            now: NOW,
          }),
        ),
      )
      expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
      expect(results.filter((r) => r.isNew)).toHaveLength(1)
      expect(results.every((r) => r.user.unionid === 'u-race2')).toBe(true)
    } finally {
      await other.close()
    }
  })

  it('unionid is unique per app: another openid of the app with it is CONFLICT; another app may share it', async () => {
    await store.users.upsertOnLogin({ appId: 'wxa', openid: 'o1', unionid: 'u-shared', now: NOW })
    expect(
      await codeOf(
        store.users.upsertOnLogin({ appId: 'wxa', openid: 'o2', unionid: 'u-shared', now: NOW }),
      ),
    ).toBe('CONFLICT')
    const { user } = await store.users.upsertOnLogin({
      appId: 'wxb',
      openid: 'o1',
      unionid: 'u-shared',
      now: NOW,
    })
    expect(user.unionid).toBe('u-shared')
    // Back-filling a unionid that another user of the app has is a conflict too, and counts nothing.
    const { user: o3 } = await store.users.upsertOnLogin({ appId: 'wxa', openid: 'o3', now: NOW })
    expect(
      await codeOf(
        store.users.upsertOnLogin({ appId: 'wxa', openid: 'o3', unionid: 'u-shared', now: NOW }),
      ),
    ).toBe('CONFLICT')
    expect(await store.users.findById(o3.id)).toMatchObject({ unionid: null, loginCount: 1 })
  })

  it('any number of users may have no unionid and no phone (the unique indexes skip them)', async () => {
    for (const openid of ['n1', 'n2', 'n3'])
      await store.users.upsertOnLogin({ appId: 'wxnone', openid, now: NOW })
    const { total } = await store.users.list({ q: undefined, page: 1, pageSize: 1 })
    expect(total).toBeGreaterThanOrEqual(3)
  })

  it('a phone bound to another user is CONFLICT; rebinding it to the same user is fine', async () => {
    const a = (await store.users.upsertOnLogin({ appId: 'wxp', openid: 'pa', now: NOW })).user
    const b = (await store.users.upsertOnLogin({ appId: 'wxp', openid: 'pb', now: NOW })).user
    const phone = { phone: '+8613800138000', phoneNational: '13800138000', phoneCountryCode: '86' }
    expect((await store.users.setPhone(a.id, phone))?.phone).toBe('+8613800138000')
    expect((await store.users.setPhone(a.id, phone))?.phoneNational).toBe('13800138000')
    expect(await codeOf(store.users.setPhone(b.id, phone))).toBe('CONFLICT')
  })

  it('user search treats the query as text: regex metacharacters are escaped, case is ignored', async () => {
    const names = ['Dot.Star', 'dotxstar', 'a(b', 'plain']
    for (const [i, nickname] of names.entries()) {
      await store.users.upsertOnLogin({
        appId: 'wxq',
        openid: `q${i}`,
        profile: { nickname },
        now: later(i),
      })
    }
    const nicknames = async (q: string) =>
      (await store.users.list({ q, page: 1, pageSize: 50 })).items.map((u) => u.nickname)
    expect(await nicknames('dot.star')).toEqual(['Dot.Star'])
    expect(await nicknames('.*')).toEqual([])
    expect(await nicknames('a(b')).toEqual(['a(b'])
    expect(await nicknames('q1')).toEqual(['dotxstar']) // an exact openid
  })

  it('consumeRefreshToken has exactly one winner among 20 parallel callers', async () => {
    await store.sessions.create({
      id: 's-race',
      userId: 'u',
      appId: 'wx',
      createdAt: NOW,
      expiresAt: later(3_600_000),
      lastUsedAt: NOW,
      userAgent: null,
      ip: null,
    })
    await store.sessions.addRefreshToken({
      hash: 'h-race',
      sessionId: 's-race',
      userId: 'u',
      createdAt: NOW,
      expiresAt: later(3_600_000),
    })
    const wins = await Promise.all(
      Array.from({ length: 20 }, () => store.sessions.consumeRefreshToken('h-race', NOW)),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
    expect((await store.sessions.findRefreshToken('h-race'))?.usedAt).toEqual(NOW)
  })

  it('acquireLease has exactly one holder among 10 parallel callers, and frees up when it runs out', async () => {
    const got = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.wxTokens.acquireLease('wxlease', `h${i}`, later(30_000), NOW),
      ),
    )
    expect(got.filter(Boolean)).toHaveLength(1)
    const holder = `h${got.indexOf(true)}`
    expect(await store.wxTokens.acquireLease('wxlease', holder, later(60_000), later(1_000))).toBe(
      true,
    )
    expect(await store.wxTokens.acquireLease('wxlease', 'late', later(90_000), later(59_999))).toBe(
      false,
    )
    expect(await store.wxTokens.acquireLease('wxlease', 'late', later(90_000), later(60_000))).toBe(
      true,
    )
  })
})
