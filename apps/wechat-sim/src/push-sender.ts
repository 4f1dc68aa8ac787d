import { randomInt } from 'node:crypto'
import { encryptPushMessage, pushSignature } from '@wxlogin/wechat-wire'

/** Where pushes go, and how they are signed (and, with `aesKey`, encrypted: safe mode). */
export interface PushTarget {
  url: string
  token: string
  aesKey?: string
}

/** One push as the simulator saw it through: for tests and `GET /__sim/stats`. */
export interface PushRecord {
  event: string
  traceId: string
  attempts: number
  /** The target answered `success` (or an empty body) with HTTP 200. */
  delivered: boolean
  // attempts 0 and done: there was no target, nothing was sent.
  /** The last HTTP status, or 0 when the target could not be reached. */
  status: number
  /** No more attempts will be made (delivered, or given up after WeChat's retries). */
  done: boolean
}

/** WeChat retries a push that got no `success` within 5 s, three times. */
const ATTEMPTS = 4
const TIMEOUT_MS = 5000
const MAX_LOG = 1000

/**
 * Sends WeChat's message pushes (消息推送) as WeChat does: JSON, signed with the Token
 * (`signature` over token, timestamp and nonce), and in safe mode encrypted with the
 * EncodingAESKey and signed again over the ciphertext (`msg_signature`), retried until the target
 * answers `success`.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 */
export class PushSender {
  #target: PushTarget | null = null
  readonly #log: PushRecord[] = []
  readonly #now: () => number
  readonly #delay: (ms: number) => Promise<void>
  readonly #retryDelayMs: number

  constructor(options: {
    now: () => number
    delay: (ms: number) => Promise<void>
    retryDelayMs?: number
  }) {
    this.#now = options.now
    this.#delay = options.delay
    this.#retryDelayMs = options.retryDelayMs ?? 200
  }

  set target(target: PushTarget | null) {
    this.#target = target
  }

  get log(): readonly PushRecord[] {
    return this.#log
  }

  clearLog(): void {
    this.#log.length = 0
  }

  /** Delivers `message` (a JSON event of `appId`); without a target it is only logged. */
  async send(appId: string, message: Record<string, unknown>): Promise<void> {
    const target = this.#target
    const record: PushRecord = {
      event: typeof message.Event === 'string' ? message.Event : String(message.MsgType),
      traceId: typeof message.trace_id === 'string' ? message.trace_id : '',
      attempts: 0,
      delivered: false,
      status: 0,
      done: false,
    }
    if (this.#log.length >= MAX_LOG) this.#log.shift()
    this.#log.push(record)
    while (target !== null && record.attempts < ATTEMPTS && !record.delivered) {
      if (record.attempts > 0) await this.#delay(this.#retryDelayMs)
      record.attempts += 1
      const { url, body } = this.#signed(target, appId, message)
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
        const text = (await res.text()).trim()
        record.status = res.status
        record.delivered = res.status === 200 && (text === 'success' || text === '')
      } catch {
        record.status = 0
      }
    }
    record.done = true
  }

  /** Pushes delivered, and given up on after WeChat's retries (none sent without a target). */
  stats(): { delivered: number; failed: number } {
    const sent = this.#log.filter((p) => p.done && p.attempts > 0)
    const delivered = sent.filter((p) => p.delivered).length
    return { delivered, failed: sent.length - delivered }
  }

  #signed(target: PushTarget, appId: string, message: Record<string, unknown>) {
    const timestamp = String(Math.floor(this.#now() / 1000))
    const nonce = String(randomInt(1e9, 2e9))
    const query = new URLSearchParams({
      signature: pushSignature(target.token, timestamp, nonce),
      timestamp,
      nonce,
    })
    if (typeof message.FromUserName === 'string') query.set('openid', message.FromUserName)
    const plain = JSON.stringify(message)
    let body = plain
    if (target.aesKey !== undefined) {
      const encrypt = encryptPushMessage(target.aesKey, plain, appId)
      query.set('encrypt_type', 'aes')
      query.set('msg_signature', pushSignature(target.token, timestamp, nonce, encrypt))
      body = JSON.stringify({ ToUserName: message.ToUserName, Encrypt: encrypt })
    }
    const url = `${target.url}${target.url.includes('?') ? '&' : '?'}${query.toString()}`
    return { url, body }
  }
}
