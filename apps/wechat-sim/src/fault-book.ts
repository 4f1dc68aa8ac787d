import { parseFaultSpec } from './validate.js'
import type { Endpoint, FaultSpec } from './types.js'

export interface ActiveFault {
  errcode?: number
  httpStatus?: number
  delayMs: number
}

interface QueuedFault extends ActiveFault {
  remaining: number
}

/** Injected faults, queued per endpoint in injection order; each applies to its next `times` calls. */
export class FaultBook {
  readonly #queues = new Map<Endpoint, QueuedFault[]>()

  inject(spec: FaultSpec): void {
    const { endpoint, errcode, httpStatus, delayMs, times } = parseFaultSpec(spec)
    const queue = this.#queues.get(endpoint) ?? []
    queue.push({ errcode, httpStatus, delayMs: delayMs ?? 0, remaining: times ?? 1 })
    this.#queues.set(endpoint, queue)
  }

  /** The fault for this call, if any, counting it against its `times`. */
  take(endpoint: Endpoint): ActiveFault | undefined {
    const queue = this.#queues.get(endpoint)
    const head = queue?.[0]
    if (queue === undefined || head === undefined) return undefined
    head.remaining -= 1
    if (head.remaining === 0) queue.shift()
    return head
  }

  clear(): void {
    this.#queues.clear()
  }
}
