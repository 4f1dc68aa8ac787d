import { describe, expect, it } from 'vitest'
import { ERROR_STATUS, isTerminalRefreshError, TERMINAL_REFRESH_ERRORS } from './errors.js'

describe('isTerminalRefreshError', () => {
  it('is true for the refresh failures no retry can fix, and only for them', () => {
    expect([...TERMINAL_REFRESH_ERRORS].sort()).toEqual([
      'REFRESH_TOKEN_INVALID',
      'REFRESH_TOKEN_REUSED',
      'USER_DISABLED',
    ])
    const terminal = Object.keys(ERROR_STATUS).filter(isTerminalRefreshError)
    expect(terminal.sort()).toEqual([...TERMINAL_REFRESH_ERRORS].sort())
    // What a refresh may still recover from: expiry of the access token, outages, limits.
    for (const code of ['AUTH_TOKEN_EXPIRED', 'DB_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL'])
      expect(isTerminalRefreshError(code)).toBe(false)
    expect(isTerminalRefreshError(undefined)).toBe(false)
    expect(isTerminalRefreshError('toString')).toBe(false)
  })
})
