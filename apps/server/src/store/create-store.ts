import type { Config } from '../config.js'
import type { Store } from './store.js'

/** MONGODB_URI selects MongoDB; without it the embedded SQLite file in DATA_DIR is used. */
export async function createStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) {
    const { createMongoStore } = await import('./mongo/mongo-store.js')
    return createMongoStore({ uri: config.mongodbUri })
  }
  const { createSqliteStore } = await import('./sqlite/sqlite-store.js')
  return createSqliteStore({ dataDir: config.dataDir })
}
