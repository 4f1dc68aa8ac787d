import { randomBytes } from 'node:crypto'
import { wxErrmsg, type WxErrorReply } from '@wxlogin/wechat-wire'

// Per-process prefix + counter: unique enough to correlate with a log line, and O(1).
const ridPrefix = randomBytes(4).toString('hex')
let ridCounter = 0

function nextRid(): string {
  ridCounter = (ridCounter + 1) >>> 0
  const seconds = Math.floor(Date.now() / 1000).toString(16)
  return `${seconds}-${ridPrefix}-${ridCounter.toString(16).padStart(8, '0')}`
}

/**
 * A WeChat error body, worded as the real API words it (the errcode table of
 * @wxlogin/wechat-wire), so logs and error mapping look like production. `errmsg` ends with
 * `, rid: <hex id>` as the real API's does.
 */
export function wxError(errcode: number, detail?: string): WxErrorReply {
  const text = wxErrmsg(errcode) ?? 'simulated error'
  const withDetail = detail === undefined ? text : `${text}: ${detail}`
  return { errcode, errmsg: `${withDetail}, rid: ${nextRid()}` }
}
