import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { accountConformance } from './conformance/account.js'
import { adminConsoleConformance } from './conformance/admin-console.js'
import { auditConformance } from './conformance/audit.js'
import { cachesConformance } from './conformance/caches.js'
import { contentConformance } from './conformance/content.js'
import { conformanceContext } from './conformance/context.js'
import { sessionListingConformance } from './conformance/session-listing.js'
import { sessionsConformance } from './conformance/sessions.js'
import { usersConformance } from './conformance/users.js'
import { usersLoginConformance } from './conformance/users-login.js'
import type { Store } from '../../src/store/store.js'

/**
 * The contract every Store adapter must meet (docs/contributing.md, style rule 7, after Lucia's `testAdapter`). Each test
 * gets a fresh store from `makeStore`, and uses only the port, so any adapter can run it.
 */
export interface StoreUnderTest {
  store: Store
  /** Closes the store and removes what it wrote (temp dir, test database). */
  cleanup(): Promise<void>
}

export function testStore(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`store conformance: ${name}`, () => {
    let made: StoreUnderTest | undefined
    beforeEach(async () => {
      made = await makeStore()
    })
    afterEach(async () => {
      await made?.cleanup()
      made = undefined
    })
    const t = conformanceContext(() => {
      if (!made) throw new Error('the store is only available inside a test')
      return made.store
    })

    it('ping resolves', async () => {
      await expect(t.store.ping()).resolves.toBeUndefined()
    })

    usersLoginConformance(t)
    usersConformance(t)
    sessionsConformance(t)
    sessionListingConformance(t)
    accountConformance(t)
    cachesConformance(t)
    auditConformance(t)
    adminConsoleConformance(t)
    contentConformance(t)
  })
}
