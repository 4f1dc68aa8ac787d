import { randomBytes } from 'node:crypto'
import type { AccessTokenReply } from '@wxlogin/wechat-wire'

/** access_token validity the real API grants (the `expires_in` of a fresh token). */
const TOKEN_TTL_SECONDS = 7200

/** What stable_token and /cgi-bin/token answer with. */
type IssuedToken = Pick<AccessTokenReply, 'access_token' | 'expires_in'>

type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: 40001 | 42001 }

interface TokenRecord {
  appId: string
  expiresAt: number
}

/**
 * Server access tokens per appId, from two independent sources as on the real platform:
 * - `stable_token`: idempotent within validity; `force_refresh` replaces (invalidates) it.
 * - `/cgi-bin/token`: every call issues a new token and invalidates the previous one from that
 *   endpoint. WeChat documents a short overlap, but instances that each refresh on their own
 *   still knock each other's tokens out (40001 storms: WxJava #778, #2803, Senparc #3029); the
 *   simulator invalidates at once so that trap shows up deterministically in tests.
 * Only current tokens are kept, so memory is bounded by the number of appIds.
 */
export class TokenStore {
  readonly #byToken = new Map<string, TokenRecord>()
  readonly #stable = new Map<string, string>()
  readonly #plain = new Map<string, string>()
  readonly #now: () => number

  constructor(now: () => number) {
    this.#now = now
  }

  stable(appId: string, forceRefresh: boolean): IssuedToken {
    const current = this.#stable.get(appId)
    const record = current === undefined ? undefined : this.#byToken.get(current)
    if (current !== undefined && record !== undefined && !forceRefresh) {
      const remainingMs = record.expiresAt - this.#now()
      if (remainingMs > 0) {
        return { access_token: current, expires_in: Math.ceil(remainingMs / 1000) }
      }
    }
    return this.#issue(this.#stable, appId)
  }

  plain(appId: string): IssuedToken {
    return this.#issue(this.#plain, appId)
  }

  check(token: string): TokenCheck {
    const record = this.#byToken.get(token)
    if (record === undefined) return { ok: false, errcode: 40001 }
    if (record.expiresAt <= this.#now()) return { ok: false, errcode: 42001 }
    return { ok: true, appId: record.appId }
  }

  clear(): void {
    this.#byToken.clear()
    this.#stable.clear()
    this.#plain.clear()
  }

  #issue(current: Map<string, string>, appId: string): IssuedToken {
    const previous = current.get(appId)
    if (previous !== undefined) this.#byToken.delete(previous)
    const token = randomBytes(48).toString('base64url')
    current.set(appId, token)
    this.#byToken.set(token, { appId, expiresAt: this.#now() + TOKEN_TTL_SECONDS * 1000 })
    return { access_token: token, expires_in: TOKEN_TTL_SECONDS }
  }
}
