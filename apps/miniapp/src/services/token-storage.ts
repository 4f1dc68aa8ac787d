import type { Tokens } from '@wxlogin/shared/client'

/** Not `uni-`/`uni_`/`dcloud-`/`dcloud_`: those prefixes are reserved by uni (docs/wechat.md). */
export const STORAGE_PREFIX = 'wxlogin:'
export const TOKENS_KEY = `${STORAGE_PREFIX}tokens`

const isTokens = (value: unknown): value is Tokens =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Tokens).accessToken === 'string' &&
  typeof (value as Tokens).refreshToken === 'string'

/** The tokens saved by an earlier launch, or null (missing, or written by something else). */
export function loadTokens(): Tokens | null {
  try {
    const saved: unknown = uni.getStorageSync(TOKENS_KEY)
    return isTokens(saved)
      ? { accessToken: saved.accessToken, refreshToken: saved.refreshToken }
      : null
  } catch {
    return null
  }
}

export function saveTokens(tokens: Tokens | null): void {
  if (tokens)
    uni.setStorageSync(TOKENS_KEY, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    })
  else uni.removeStorageSync(TOKENS_KEY)
}
