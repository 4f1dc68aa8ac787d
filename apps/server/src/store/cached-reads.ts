import type { SessionRecord, Store, UserRecord } from './store.js'

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

/**
 * Every authenticated request reads its session and its user, so that logout, logout-all,
 * disabling and role changes take effect at once. Those two point reads dominated `GET /api/me`
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

  /** Runs a write, then forgets the cached copy of `id` (also when the write failed). */
  const evicting =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>, forget: (...args: A) => void) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args)
      } finally {
        forget(...args)
      }
    }

  return {
    ...store,
    users: {
      ...u,
      async findById(id) {
        const cached = users.get(id)
        if (cached) return cached
        const user = await u.findById(id)
        if (user) users.set(id, user)
        return user
      },
      async upsertOnLogin(input) {
        const result = await u.upsertOnLogin(input)
        users.delete(result.user.id)
        return result
      },
      updateProfile: evicting(
        (id, patch) => u.updateProfile(id, patch),
        (id) => users.delete(id),
      ),
      setPhone: evicting(
        (id, phone) => u.setPhone(id, phone),
        (id) => users.delete(id),
      ),
      updateAccount: evicting(
        (id, patch) => u.updateAccount(id, patch),
        (id) => users.delete(id),
      ),
    },
    sessions: {
      ...s,
      async findById(id) {
        const cached = sessions.get(id)
        if (cached) return cached
        const session = await s.findById(id)
        if (session) sessions.set(id, session)
        return session
      },
      touch: evicting(
        (id, now) => s.touch(id, now),
        (id) => sessions.delete(id),
      ),
      revoke: evicting(
        (id, reason, now) => s.revoke(id, reason, now),
        (id) => sessions.delete(id),
      ),
      // Rare (logout-all, disabling): forgetting every cached session is simpler than an index.
      revokeAllForUser: evicting(
        (userId: string, reason: string, now: Date) => s.revokeAllForUser(userId, reason, now),
        () => sessions.clear(),
      ),
    },
  }
}
