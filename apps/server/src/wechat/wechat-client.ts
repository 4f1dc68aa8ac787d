import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '../app-error.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import { WX_BUSY, loginError } from './errcodes.js'
import { wxRequest, type WxObserver, type WxReply } from './wechat-http.js'

export interface SessionInfo {
  openid: string
  /** Never leaves the server, never logged, never put in a token. */
  sessionKey: string
  unionid: string | null
}

/** The WeChat port: the real API or the simulator, chosen by base URL only. */
export interface WechatClient {
  code2Session(app: WxApp, code: string): Promise<SessionInfo>
}

export interface WechatClientOptions {
  apiBase: string
  timeoutMs: number
  logger: Logger
  /** Attempts for errcode -1 (system busy), including the first. */
  busyAttempts?: number
  busyBackoffMs?: number
  /** Told of every HTTP exchange with WeChat (metrics). */
  observe?: WxObserver
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { apiBase, logger, busyAttempts = 3, busyBackoffMs = 100 } = options
  const http = { timeoutMs: options.timeoutMs, logger, observe: options.observe }

  /** Retries only WeChat's -1, with exponential backoff, a bounded number of times. */
  async function withBusyRetry(endpoint: string, call: () => Promise<WxReply>): Promise<WxReply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await call()
      if (reply.errcode !== WX_BUSY || attempt >= busyAttempts) return reply
      logger.warn({ endpoint, attempt }, 'WeChat busy (-1), retrying')
      await sleep(busyBackoffMs * 2 ** (attempt - 1))
    }
  }

  return {
    async code2Session(app, code) {
      const query = new URLSearchParams({
        appid: app.appId,
        secret: app.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const url = `${apiBase}/sns/jscode2session?${query.toString()}`
      const reply = await withBusyRetry('jscode2session', () => wxRequest('jscode2session', url, { method: 'GET' }, http))
      if (reply.errcode) throw loginError('jscode2session', reply.errcode, String(reply.errmsg ?? ''), logger)
      // A reply without openid is a failure, whatever else it says (WxJava #657).
      if (!nonEmpty(reply.openid) || !nonEmpty(reply.session_key)) {
        logger.error({ endpoint: 'jscode2session' }, 'WeChat reply has no openid/session_key')
        throw new AppError('WX_UPSTREAM_ERROR')
      }
      return { openid: reply.openid, sessionKey: reply.session_key, unionid: nonEmpty(reply.unionid) ? reply.unionid : null }
    },
  }
}
