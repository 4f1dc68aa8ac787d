import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'libsql'

/**
 * WAL checkpoints on a worker thread. A checkpoint copies the WAL back into the database file and
 * fsyncs both; SQLite's automatic one runs inside whichever commit crosses the threshold, so the
 * event loop would sit in fsync (~15 % of a login run's wall time in the benchmark). Here a worker
 * with its own connection runs PASSIVE checkpoints, which never block writers or readers, at most
 * every 100 ms while commits come in, and sleeps (Atomics.wait, no timer) while none do.
 *
 * The main connection keeps an automatic checkpoint as a safety net, at a threshold the worker
 * normally never lets the WAL reach; if the worker fails, the connection goes back to SQLite's
 * default.
 */
export interface Checkpointer {
  /** Called after every commit (cheap: an atomic add and a futex wake at most). */
  committed: () => void
  stop: () => Promise<void>
}

/** SQLite's default automatic checkpoint threshold, in pages. */
const DEFAULT_AUTOCHECKPOINT = 1000
/** The safety net while the worker runs: 10,000 pages of 4 KiB, a WAL of about 40 MiB. */
const FALLBACK_AUTOCHECKPOINT = 10_000
const INTERVAL_MS = 100

// Plain JavaScript, so it runs the same from dist/ and under the test runner. Shared slots:
// [0] commits so far, [1] 1 when the worker must stop.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const signal = new Int32Array(workerData.signal)
const db = new Database(workerData.path)
db.exec('PRAGMA busy_timeout = 1000')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
let seen = 0 // commits made before this thread started count too
for (;;) {
  Atomics.wait(signal, 0, seen)
  Atomics.wait(signal, 1, 0, ${INTERVAL_MS})
  if (Atomics.load(signal, 1) !== 0) break
  seen = Atomics.load(signal, 0)
  try {
    checkpoint.get()
  } catch {
    // Busy or failing: the next round tries again; the main connection's safety net remains.
  }
}
db.close()
`

export function startCheckpointer(db: Database.Database, path: string): Checkpointer {
  const signal = new Int32Array(new SharedArrayBuffer(8))
  const libsql = createRequire(import.meta.url).resolve('libsql')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, libsql, signal: signal.buffer },
  })
  worker.unref()
  db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`)
  let stopping = false
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping && db.open) db.exec(`PRAGMA wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`)
      resolve()
    })
  })
  // An error ends the worker ('exit' follows); the safety net takes over from there.
  worker.on('error', () => undefined)

  return {
    committed: () => {
      Atomics.add(signal, 0, 1)
      Atomics.notify(signal, 0)
    },
    stop: () => {
      stopping = true
      worker.ref() // so that awaiting its exit keeps the process alive until it has closed
      Atomics.store(signal, 1, 1)
      // Also moves the counter: a worker that was busy checkpointing does not wait for a commit.
      Atomics.add(signal, 0, 1)
      Atomics.notify(signal, 0)
      Atomics.notify(signal, 1)
      return exited
    },
  }
}
