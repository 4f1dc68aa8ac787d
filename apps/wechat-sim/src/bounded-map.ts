/**
 * A Map that forgets its least recently written key beyond `maxSize`, so per-user state (latest
 * session_key) stays bounded when a load test logs in millions of distinct users.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>()
  readonly #maxSize: number

  constructor(maxSize: number) {
    this.#maxSize = maxSize
  }

  get(key: K): V | undefined {
    return this.#map.get(key)
  }

  set(key: K, value: V): void {
    // Delete first so the key moves to the end of the insertion order.
    this.#map.delete(key)
    this.#map.set(key, value)
    if (this.#map.size > this.#maxSize) {
      const oldest = this.#map.keys().next()
      if (oldest.done !== true) this.#map.delete(oldest.value)
    }
  }

  clear(): void {
    this.#map.clear()
  }
}
