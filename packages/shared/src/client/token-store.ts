export interface Tokens {
  accessToken: string
  refreshToken: string
}

/** Where the client keeps its tokens: uni storage in the mini-program, memory in tests. */
export interface TokenStore {
  get(): Tokens | null | Promise<Tokens | null>
  set(tokens: Tokens | null): void | Promise<void>
}

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next
    },
  }
}
