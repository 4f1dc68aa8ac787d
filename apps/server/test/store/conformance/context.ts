import { expect } from 'vitest'
import { AppError } from '../../../src/app-error.js'
import type { Store, UpsertLoginInput, UserRecord } from '../../../src/store/store.js'

/** What every conformance area gets: the fresh store of the running test and small helpers. */
export interface ConformanceContext {
  readonly store: Store
  at: (ms: number) => Date
  MIN: number
  DAY: number
  login: (
    openid: string,
    more?: Partial<UpsertLoginInput>,
  ) => ReturnType<Store['users']['upsertOnLogin']>
  newUser: (openid: string, more?: Partial<UpsertLoginInput>) => Promise<UserRecord>
  rejection: (p: Promise<unknown>) => Promise<unknown>
  expectAppError: (p: Promise<unknown>, code: string) => Promise<void>
}

const T0 = Date.parse('2026-03-01T08:00:00.000Z')

export function conformanceContext(current: () => Store): ConformanceContext {
  const at = (ms: number): Date => new Date(T0 + ms)
  const login = (openid: string, more: Partial<UpsertLoginInput> = {}) =>
    current().users.upsertOnLogin({ appId: 'wxapp1', openid, now: at(0), ...more })
  const rejection = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    )
  return {
    get store() {
      return current()
    },
    at,
    MIN: 60_000,
    DAY: 24 * 60 * 60_000,
    login,
    newUser: async (openid, more) => (await login(openid, more)).user,
    rejection,
    expectAppError: async (p, code) => {
      const error = await rejection(p)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe(code)
    },
  }
}
