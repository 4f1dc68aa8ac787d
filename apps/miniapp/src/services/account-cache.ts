import { User } from '@wxlogin/shared/dto'
import { STORAGE_PREFIX } from './token-storage'

/**
 * What a cold start needs to draw the signed-in pages at once, before the network answers: the
 * last user the server sent, and when the session ends by itself (the refresh token's absolute
 * end, fixed at login), which tells an expired session from one ended elsewhere.
 */
export const USER_KEY = `${STORAGE_PREFIX}user`
export const SESSION_ENDS_KEY = `${STORAGE_PREFIX}session-ends`

function read(key: string): unknown {
  try {
    return uni.getStorageSync(key)
  } catch {
    return undefined
  }
}

/** The cached user, or null when missing or of another shape (an older build wrote it). */
export function loadCachedUser(): User | null {
  const parsed = User.safeParse(read(USER_KEY))
  return parsed.success ? parsed.data : null
}

export function saveCachedUser(user: User | null): void {
  if (user) uni.setStorageSync(USER_KEY, user)
  else uni.removeStorageSync(USER_KEY)
}

/** Epoch milliseconds, or null when unknown. */
export function loadSessionEnd(): number | null {
  const value = read(SESSION_ENDS_KEY)
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function saveSessionEnd(endsAt: number | null): void {
  if (endsAt === null) uni.removeStorageSync(SESSION_ENDS_KEY)
  else uni.setStorageSync(SESSION_ENDS_KEY, endsAt)
}
