import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../src/logger.js'

/** A server logger at `info` whose lines (JSON text) land in `lines`. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { logger: createLogger('info', sink), lines }
}
