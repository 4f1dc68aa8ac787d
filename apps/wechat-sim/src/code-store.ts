import { randomBytes } from 'node:crypto'

export interface CodeEntry<T> {
  readonly value: T
  readonly mintedAt: number
  used: boolean
}

export type CodeLookup<T> =
  | { status: 'fresh'; entry: CodeEntry<T> }
  | { status: 'used'; entry: CodeEntry<T> }
  | { status: 'unknown' }
  | { status: 'expired' }

export interface CodeStoreOptions {
  ttlMs: number
  now: () => number
  /** Hard cap so a load test minting faster than codes expire cannot exhaust memory. */
  maxSize: number
}

/**
 * Single-use codes that expire `ttlMs` after minting, like `wx.login` and getPhoneNumber codes
 * (about 5 minutes). Used codes are remembered until they expire so a second exchange can say
 * 40163 rather than 40029. Pruning is lazy, on mint: the Map keeps insertion (= minting) order,
 * so expired codes sit at its head and each is deleted once, O(1) amortised.
 */
export class CodeStore<T> {
  readonly #codes = new Map<string, CodeEntry<T>>()
  readonly #options: CodeStoreOptions

  constructor(options: CodeStoreOptions) {
    this.#options = options
  }

  get size(): number {
    return this.#codes.size
  }

  mint(value: T): string {
    this.#prune()
    // 24 random bytes = 32 base64url characters, the length of a real wx.login code.
    const code = randomBytes(24).toString('base64url')
    this.#codes.set(code, { value, mintedAt: this.#options.now(), used: false })
    return code
  }

  lookup(code: string): CodeLookup<T> {
    const entry = this.#codes.get(code)
    if (entry === undefined) return { status: 'unknown' }
    if (this.#isExpired(entry)) return { status: 'expired' }
    return entry.used ? { status: 'used', entry } : { status: 'fresh', entry }
  }

  clear(): void {
    this.#codes.clear()
  }

  #isExpired(entry: CodeEntry<T>): boolean {
    return this.#options.now() - entry.mintedAt > this.#options.ttlMs
  }

  #prune(): void {
    for (const [code, entry] of this.#codes) {
      const overCap = this.#codes.size >= this.#options.maxSize
      if (!overCap && !this.#isExpired(entry)) return
      this.#codes.delete(code)
    }
  }
}
