import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock } from '../../clock.js'
import type { WxApp } from '../../config.js'
import type { CodeExchange, LoginCodeCache } from '../../store/store.js'
import type { WechatClient } from '../../wechat/wechat-client.js'

/** A wx.login code lives about 5 minutes (docs/wechat.md); its first result is kept that long. */
const CODE_TTL_MS = 5 * 60 * 1000
/** How long a 40163 waits for a concurrent exchange of the same code (maybe on another instance). */
const USED_CODE_WAIT_MS = [50, 100, 200, 400, 800]

export interface ExchangeResult extends CodeExchange {
  /** Present only when this call talked to WeChat (the legacy open-data checks need it). */
  sessionKey: string | null
  /**
   * Settles when the result is stored for later presentations of the code. Await it before
   * answering the client (a retry must find it); the caller may write alongside it meanwhile.
   */
  remembered: Promise<void>
}

const ALREADY_STORED = Promise.resolve()

/**
 * Exchanges a login code idempotently. Double taps and client retries send the same code twice;
 * WeChat answers the second with 40163 (weRequest #36, WxJava #1323). So the first result is
 * cached under a hash of (appId, code) — never the code itself — and served when WeChat says
 * 40163 (docs/wechat.md); with nothing cached, 40163 becomes WX_CODE_USED. Concurrent exchanges of
 * one code in this process share one WeChat call. The cache is read only on 40163, not before
 * every exchange: almost every code is fresh, and a repeated one costs one extra WeChat
 * round-trip instead of every login paying a database read.
 */
export function createCodeExchange(deps: {
  wechat: WechatClient
  codes: LoginCodeCache
  clock: Clock
}) {
  const { wechat, codes, clock } = deps
  const inFlight = new Map<string, Promise<ExchangeResult>>()

  async function exchangeFresh(app: WxApp, code: string, key: string): Promise<ExchangeResult> {
    const result = await wechat.code2Session(app, code)
    if (result.kind === 'code-used') {
      // Served before (a retry), or another instance is finishing the first exchange right now.
      for (const delay of USED_CODE_WAIT_MS) {
        const cached = await codes.get(key, clock.now())
        if (cached) return { ...cached, sessionKey: null, remembered: ALREADY_STORED }
        await sleep(delay)
      }
      throw result.error
    }
    const info = result.session
    const value: CodeExchange = { appId: app.appId, openid: info.openid, unionid: info.unionid }
    const remembered = codes.put(key, value, new Date(clock.now().getTime() + CODE_TTL_MS))
    // Handled here too: a caller that fails before awaiting it must not leave it unhandled.
    void remembered.catch(() => undefined)
    return { ...value, sessionKey: info.sessionKey, remembered }
  }

  return function exchange(app: WxApp, code: string): Promise<ExchangeResult> {
    const key = createHash('sha256').update(`${app.appId}\0${code}`).digest('hex')
    let pending = inFlight.get(key)
    if (!pending) {
      pending = exchangeFresh(app, code, key).finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }
}
