import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'

/** Conformance: the login-code cache and the shared WeChat access-token cache with its lease. */
export function cachesConformance(t: ConformanceContext): void {
  const { at, MIN } = t

  describe('codes', () => {
    const value = { appId: 'wxapp1', openid: 'o-code', unionid: null }

    it('returns what the first put stored until it expires', async () => {
      expect(await t.store.codes.get('c-1', at(0))).toBeNull()
      await t.store.codes.put('c-1', value, at(5 * MIN))
      await t.store.codes.put('c-1', { ...value, openid: 'o-second' }, at(5 * MIN))
      expect(await t.store.codes.get('c-1', at(MIN))).toEqual(value)
      expect(await t.store.codes.get('c-1', at(5 * MIN))).toBeNull()
      expect(await t.store.codes.get('c-1', at(6 * MIN))).toBeNull()
      await t.store.codes.put('c-2', { ...value, unionid: 'U-c' }, at(5 * MIN))
      expect((await t.store.codes.get('c-2', at(MIN)))?.unionid).toBe('U-c')
    })
  })

  describe('wxTokens', () => {
    it('gets, saves, and drops only the same token', async () => {
      expect(await t.store.wxTokens.get('wxapp1')).toBeNull()
      await t.store.wxTokens.save({ appId: 'wxapp1', token: 'T1', expiresAt: at(2 * 60 * MIN) })
      await t.store.wxTokens.save({ appId: 'wxapp1', token: 'T2', expiresAt: at(3 * 60 * MIN) })
      expect(await t.store.wxTokens.get('wxapp1')).toEqual({
        appId: 'wxapp1',
        token: 'T2',
        expiresAt: at(3 * 60 * MIN),
      })
      await t.store.wxTokens.drop('wxapp1', 'T1')
      expect((await t.store.wxTokens.get('wxapp1'))?.token).toBe('T2')
      await t.store.wxTokens.drop('wxapp1', 'T2')
      expect(await t.store.wxTokens.get('wxapp1')).toBeNull()
    })

    it('leases have one holder at a time', async () => {
      const { wxTokens } = t.store
      expect(await wxTokens.acquireLease('wxapp1', 'A', at(10_000), at(0))).toBe(true)
      expect(await wxTokens.acquireLease('wxapp1', 'B', at(10_000), at(1_000))).toBe(false)
      expect(await wxTokens.acquireLease('wxapp1', 'A', at(20_000), at(2_000))).toBe(true)
      expect(await wxTokens.acquireLease('wxapp2', 'B', at(10_000), at(2_000))).toBe(true)
      await wxTokens.releaseLease('wxapp1', 'B')
      expect(await wxTokens.acquireLease('wxapp1', 'C', at(30_000), at(3_000))).toBe(false)
      await wxTokens.releaseLease('wxapp1', 'A')
      expect(await wxTokens.acquireLease('wxapp1', 'C', at(30_000), at(3_000))).toBe(true)
      // An expired lease (its holder died) can be taken over.
      expect(await wxTokens.acquireLease('wxapp1', 'D', at(60_000), at(30_000))).toBe(true)
    })

    it('20 parallel acquireLease: exactly one holder', async () => {
      const won = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.store.wxTokens.acquireLease('wxapp1', `h${i}`, at(10_000), at(0)),
        ),
      )
      expect(won.filter(Boolean)).toHaveLength(1)
    })
  })
}
