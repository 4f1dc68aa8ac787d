import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The MongoDB-protocol server of this run, or null when none could be had (never in CI). */
    mongo: { uri: string; kind: string } | null
  }
}
