import { describe, expect, it } from 'vitest'
import { CodeStore } from './code-store.js'

describe('CodeStore', () => {
  it('prunes expired codes when minting, so memory stays bounded', () => {
    let now = 0
    const store = new CodeStore<number>({ ttlMs: 1000, now: () => now, maxSize: 1_000_000 })
    const first = store.mint(1)
    for (let i = 0; i < 99; i += 1) store.mint(i)
    expect(store.size).toBe(100)
    now = 1001
    const fresh = store.mint(2)
    expect(store.size).toBe(1)
    expect(store.lookup(first).status).toBe('unknown')
    expect(store.lookup(fresh)).toMatchObject({ status: 'fresh', entry: { value: 2 } })
  })

  it('evicts the oldest codes beyond maxSize', () => {
    const store = new CodeStore<number>({ ttlMs: 1000, now: () => 0, maxSize: 3 })
    const codes = [1, 2, 3, 4].map((n) => store.mint(n))
    expect(store.size).toBe(3)
    expect(store.lookup(codes[0] as string).status).toBe('unknown')
    expect(store.lookup(codes[3] as string).status).toBe('fresh')
  })

  it('reports used and expired codes', () => {
    let now = 0
    const store = new CodeStore<string>({ ttlMs: 1000, now: () => now, maxSize: 10 })
    const code = store.mint('x')
    const found = store.lookup(code)
    if (found.status !== 'fresh') throw new Error(`expected fresh, got ${found.status}`)
    found.entry.used = true
    expect(store.lookup(code).status).toBe('used')
    now = 1001
    expect(store.lookup(code).status).toBe('expired')
  })
})
