/**
 * WeChat's JS runtime has no URLSearchParams (alovajs/alova#22), and the shared API client builds
 * every request URL with it. This covers exactly what the client uses: construction from
 * [key, value] pairs and `toString()`. The mp bundle test deletes the global to prove it.
 */
class PairsSearchParams {
  readonly #pairs: Array<[string, string]>

  constructor(init: Iterable<readonly [unknown, unknown]> = []) {
    this.#pairs = [...init].map(([key, value]) => [String(key), String(value)])
  }

  append(key: string, value: string): void {
    this.#pairs.push([key, value])
  }

  toString(): string {
    return this.#pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  }
}

export function installUrlSearchParams(): void {
  const scope = globalThis as { URLSearchParams?: unknown }
  if (typeof scope.URLSearchParams === 'undefined') scope.URLSearchParams = PairsSearchParams
}
