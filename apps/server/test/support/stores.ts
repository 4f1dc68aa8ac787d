import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'

/** One store the HTTP suites run against. */
export interface StoreTarget {
  name: string
  prepare(): Promise<{ mongodbUri?: string; cleanup(): Promise<void> }>
}

const sqlite: StoreTarget = {
  name: 'sqlite',
  prepare: async () => ({ cleanup: async () => {} }), // the stack's temp DATA_DIR holds the file
}

function mongo(uri: string, kind: string): StoreTarget {
  return {
    name: `mongodb (${kind})`,
    async prepare() {
      const dbName = `wxlogin_test_${randomBytes(6).toString('hex')}`
      const url = new URL(uri)
      url.pathname = `/${dbName}`
      const mongodbUri = url.toString()
      return {
        mongodbUri,
        async cleanup() {
          const { MongoClient } = await import('mongodb')
          const client = new MongoClient(mongodbUri, { serverSelectionTimeoutMS: 2000 })
          await client
            .db(dbName)
            .dropDatabase()
            .catch(() => {})
          await client.close()
        },
      }
    },
  }
}

/**
 * The stores every HTTP suite runs on: SQLite always, MongoDB when the global setup found a
 * MongoDB-protocol server (it fails the run in CI when it cannot).
 */
export function storeTargets(): StoreTarget[] {
  const server = inject('mongo')
  return server ? [sqlite, mongo(server.uri, server.kind)] : [sqlite]
}
