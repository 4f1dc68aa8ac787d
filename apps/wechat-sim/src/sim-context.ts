import type { ContentSecurity } from './content-security.js'
import type { FaultBook } from './fault-book.js'
import type { PushSender } from './push-sender.js'
import type { Endpoint } from './types.js'
import type { WechatApi } from './wechat-api.js'

/** What the HTTP handlers share: the WeChat semantics, the fault book, counters and timers. */
export interface SimContext {
  api: WechatApi
  faults: FaultBook
  calls: Record<Endpoint, number>
  content: ContentSecurity
  pushes: PushSender
  /** Waits `ms`; pending waits are cancelled when the simulator closes. */
  delay(ms: number): Promise<void>
}
