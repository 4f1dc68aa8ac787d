import { describe, expect, it } from 'vitest'
import { newId } from './ids.js'

describe('newId', () => {
  it('is 24 lowercase hex characters, like an ObjectId', () => {
    expect(newId()).toMatch(/^[0-9a-f]{24}$/)
  })

  it('sorts by creation time, and ids of the same millisecond differ', () => {
    const ids = [newId(1_700_000_000_000), newId(1_700_000_000_001), newId(1_800_000_000_000)]
    expect([...ids].sort()).toEqual(ids)
    const sameMs = Array.from({ length: 2000 }, () => newId(1_700_000_000_000))
    expect(new Set(sameMs).size).toBe(2000)
  })
})
