import { randomBytes } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { createMongoStore, type MongoStore } from '../../src/store/mongo/mongo-store.js'

/** A MongoDB store on a database of its own (`wxlogin_test_<random>`); cleanup drops it. */
export async function freshMongoStore(
  uri: string,
): Promise<{ store: MongoStore; dbName: string; cleanup(): Promise<void> }> {
  const dbName = `wxlogin_test_${randomBytes(6).toString('hex')}`
  const store = await createMongoStore({ uri, dbName })
  return {
    store,
    dbName,
    async cleanup() {
      await store.close()
      await dropDatabase(uri, dbName)
    },
  }
}

export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2_000 })
  try {
    await client.db(dbName).dropDatabase()
  } finally {
    await client.close()
  }
}
