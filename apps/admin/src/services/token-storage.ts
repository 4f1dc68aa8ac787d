import type { Tokens } from '@wxlogin/shared/client'

const KEY = 'wxlogin-admin:tokens'

/**
 * The console's tokens: in memory, mirrored to sessionStorage so a reload of the tab keeps the
 * session and closing the tab ends it. Never a cookie (nothing a cross-site request could carry:
 * no CSRF), never localStorage (shared by every tab, kept forever).
 */
export function loadTokens(): Tokens | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Tokens> | null
    return typeof value?.accessToken === 'string' && typeof value.refreshToken === 'string'
      ? { accessToken: value.accessToken, refreshToken: value.refreshToken }
      : null
  } catch {
    return null
  }
}

export function saveTokens(tokens: Tokens | null): void {
  if (tokens) sessionStorage.setItem(KEY, JSON.stringify(tokens))
  else sessionStorage.removeItem(KEY)
}
