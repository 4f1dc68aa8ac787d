import type { Session } from '@wxlogin/shared/dto'
import type { SessionRecord } from '../../store/store.js'
import { describeDevice } from './device.js'
import { maskIp } from './masked-ip.js'

/**
 * The sessions as their user sees them: newest use first, IPs masked, devices described.
 *
 * A session's lastUsedAt moves on sign-in and on every token refresh, not on every request (that
 * would be a write per request). The session making this request is in use right now, so it shows
 * `now` and comes first; the others are at most one access-token lifetime behind.
 */
export function toSessionList(
  records: readonly SessionRecord[],
  currentId: string | null,
  now: Date,
): Session[] {
  return records
    .map((s): Session => {
      const current = s.id === currentId
      return {
        id: s.id,
        current,
        appId: s.appId,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: (current ? now : s.lastUsedAt).toISOString(),
        userAgent: s.userAgent,
        ip: maskIp(s.ip),
        device: describeDevice(s.userAgent),
      }
    })
    .sort((a, b) => Number(b.current) - Number(a.current))
}
