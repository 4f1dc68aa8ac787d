import type { TestProject } from 'vitest/node'
import { obtainMongoServer } from './support/mongo-server.js'

/**
 * One MongoDB-protocol server for the whole run (FerretDB starts in well under a second, but
 * once is enough). Suites read `inject('mongo')`; null means none could be had (never in CI:
 * obtainMongoServer throws there). The outage test starts its own server, to stop and restart it.
 */
export default async function setup(project: TestProject) {
  const server = await obtainMongoServer()
  project.provide('mongo', server ? { uri: server.uri, kind: server.kind } : null)
  return async () => {
    await server?.stop()
  }
}
