import type { SessionRecord, SessionRepo, Store, UserRecord, UserRepo } from './store.js'

export interface CachedReadsOptions {
  /** How long a read may be served from memory; 0 turns the cache off. */
  ttlMs: number
  maxEntries?: number
  now?: () => number
}

/** A small TTL map that forgets its oldest entry when full (Map keeps insertion order). */
function ttlMap<V>(ttlMs: number, maxEntries: number, now: () => number) {
  const entries = new Map<string, { value: V; until: number }>()
  return {
    get(key: string): V | undefined {
      const hit = entries.get(key)
      if (!hit) return undefined
      if (hit.until > now()) return hit.value
      entries.delete(key)
      return undefined
    },
    set(key: string, value: V): void {
      entries.delete(key)
      entries.set(key, { value, until: now() + ttlMs })
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },
    delete: (key: string) => void entries.delete(key),
    clear: () => entries.clear(),
  }
}

type TtlMap<V> = ReturnType<typeof ttlMap<V>>

/**
 * How a repo method meets the cache. Every method of a cached repo is built by one of the three
 * helpers below, which brand it with its role, and the repo is typed `Classified<Repo>`: a method
 * added to UserRepo or SessionRepo does not compile here until it is given a role, so a new write
 * cannot forget to evict by omission.
 */
type CacheRole = 'cached-read' | 'evicting-write' | 'pass-through'
declare const ROLE: unique symbol
type Classified<R> = { [K in keyof R]-?: R[K] & { readonly [ROLE]: CacheRole } }
type AsyncFn<A extends unknown[], R> = (...args: A) => Promise<R>
const classify = <F>(fn: F, _role: CacheRole) => fn as F & { readonly [ROLE]: CacheRole }

/** A lookup by id served from `cache` while fresh; misses are not cached. */
const cachedRead = <V>(cache: TtlMap<V>, read: (id: string) => Promise<V | null>) =>
  classify(async (id: string): Promise<V | null> => {
    const cached = cache.get(id)
    if (cached) return cached
    const value = await read(id)
    if (value) cache.set(id, value)
    return value
  }, 'cached-read')

/** Runs a write, then forgets what it changed (also when the write failed: it may have landed). */
const evictingWrite = <A extends unknown[], R>(
  write: AsyncFn<A, R>,
  forget: (args: NoInfer<A>, result: NoInfer<R> | undefined) => void,
) =>
  classify(async (...args: A): Promise<R> => {
    let result: R | undefined
    try {
      result = await write(...args)
      return result
    } finally {
      forget(args, result)
    }
  }, 'evicting-write')

/** Neither reads nor changes what is cached (say why at the call). */
const passThrough = <A extends unknown[], R>(call: AsyncFn<A, R>) =>
  classify((...args: A) => call(...args), 'pass-through')

/**
 * Every authenticated request reads its session and its user, so that logout, logout-all,
 * revoking a device, disabling, role changes and account deletion take effect at once. Those two point reads dominated `GET /api/me`
 * (README, "Performance"), so they are served from memory for `ttlMs`.
 *
 * Every write through this store evicts what it changes, so in one process nothing is ever
 * stale. Another process sharing the database (a second instance, the admin CLI) sees a change
 * within `ttlMs`. Only the two lookups by id are cached; every other call goes straight through.
 */
export function withCachedReads(store: Store, options: CachedReadsOptions): Store {
  if (options.ttlMs <= 0) return store
  const now = options.now ?? Date.now
  const max = options.maxEntries ?? 10_000
  const users = ttlMap<UserRecord>(options.ttlMs, max, now)
  const sessions = ttlMap<SessionRecord>(options.ttlMs, max, now)
  const { users: u, sessions: s } = store
  const forgetUser = ([id]: [string, ...unknown[]]) => users.delete(id)
  const forgetSession = ([id]: [string, ...unknown[]]) => sessions.delete(id)

  const cachedUsers: Classified<UserRepo> = {
    findById: cachedRead(users, (id) => u.findById(id)),
    // Keyed by (appId, openid), so the user it touched is known from the result only.
    upsertOnLogin: evictingWrite(
      (input) => u.upsertOnLogin(input),
      (_args, result) => {
        if (result) users.delete(result.user.id)
      },
    ),
    updateProfile: evictingWrite((id, patch) => u.updateProfile(id, patch), forgetUser),
    updateProfileIf: evictingWrite(
      (id, expected, patch) => u.updateProfileIf(id, expected, patch),
      forgetUser,
    ),
    setPhone: evictingWrite((id, phone) => u.setPhone(id, phone), forgetUser),
    updateAccount: evictingWrite((id, patch) => u.updateAccount(id, patch), forgetUser),
    acceptAgreement: evictingWrite((id, agreement) => u.acceptAgreement(id, agreement), forgetUser),
    // The user and every session of theirs: the deleted account's tokens stop at once here.
    deleteAccount: evictingWrite(
      (id, now) => u.deleteAccount(id, now),
      ([id]) => {
        users.delete(id)
        sessions.clear()
      },
    ),
    // Reads whose answers must be current (a deleted avatar file hangs on avatarInUse).
    avatarInUse: passThrough((fileName) => u.avatarInUse(fileName)),
    list: passThrough((query) => u.list(query)),
    // Start-up housekeeping; reads nothing that is cached.
    pendingDeletions: passThrough(() => u.pendingDeletions()),
    stats: passThrough((since) => u.stats(since)),
    // Rare (a rejected avatar): read from the database, like avatarInUse.
    listByAvatarFile: passThrough((fileName, limit) => u.listByAvatarFile(fileName, limit)),
  }

  const cachedSessions: Classified<SessionRepo> = {
    findById: cachedRead(sessions, (id) => s.findById(id)),
    touch: evictingWrite((id, now) => s.touch(id, now), forgetSession),
    revoke: evictingWrite((id, reason, now) => s.revoke(id, reason, now), forgetSession),
    // Rare (logout-all, logout-others, disabling): forgetting every cached session is simpler
    // than an index.
    revokeAllForUser: evictingWrite(
      (userId, reason, now, exceptId) => s.revokeAllForUser(userId, reason, now, exceptId),
      () => sessions.clear(),
    ),
    // A new id: nothing cached under it (misses are not cached).
    create: passThrough((session) => s.create(session)),
    // Refresh tokens are never cached, nor the admin counts; countActive and listActive answer a
    // person looking at their devices, who must see a revocation they just made.
    addRefreshToken: passThrough((token) => s.addRefreshToken(token)),
    findRefreshToken: passThrough((hash) => s.findRefreshToken(hash)),
    consumeRefreshToken: passThrough((hash, now) => s.consumeRefreshToken(hash, now)),
    countActive: passThrough((userId, now) => s.countActive(userId, now)),
    listActive: passThrough((userId, now, limit) => s.listActive(userId, now, limit)),
    countAllActive: passThrough((now) => s.countAllActive(now)),
  }

  return { ...store, users: cachedUsers, sessions: cachedSessions }
}
