import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '../app-error.js'
import { systemClock, type Clock } from '../clock.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { WxTokenCache } from '../store/store.js'
import { createAccessTokenManager } from './access-token-manager.js'
import { stableTokenBody, tokenFromReply } from './access-token-source.js'
import { WX_BUSY, loginError } from './errcodes.js'
import { phoneFromReply, type PhoneNumber } from './phone-number.js'
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
  /** getuserphonenumber for the user `openid`, with the shared server access_token (WECHAT.md, "Phone number"). */
  getPhoneNumber(app: WxApp, code: string, openid: string): Promise<PhoneNumber>
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
  /** The store's server access_token cache, shared by every instance (store.wxTokens). */
  tokenCache: WxTokenCache
  clock?: Clock
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

  const serverTokens = createAccessTokenManager({
    cache: options.tokenCache,
    clock: options.clock ?? systemClock,
    logger,
    // Longer than one stable_token fetch with all its busy retries can take.
    leaseMs: busyAttempts * options.timeoutMs + busyBackoffMs * 2 ** busyAttempts + 1000,
    fetch: async (app) => {
      const url = `${apiBase}/cgi-bin/stable_token`
      const body = stableTokenBody(app)
      const reply = await withBusyRetry('stable_token', () =>
        wxRequest('stable_token', url, { method: 'POST', body }, http),
      )
      return tokenFromReply(reply, app, logger)
    },
  })

  return {
    async code2Session(app, code) {
      const query = new URLSearchParams({
        appid: app.appId,
        secret: app.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const url = `${apiBase}/sns/jscode2session?${query.toString()}`
      const reply = await withBusyRetry('jscode2session', () =>
        wxRequest('jscode2session', url, { method: 'GET' }, http),
      )
      if (reply.errcode)
        throw loginError('jscode2session', reply.errcode, String(reply.errmsg ?? ''), logger)
      // A reply without openid is a failure, whatever else it says (WxJava #657).
      if (!nonEmpty(reply.openid) || !nonEmpty(reply.session_key)) {
        logger.error({ endpoint: 'jscode2session' }, 'WeChat reply has no openid/session_key')
        throw new AppError('WX_UPSTREAM_ERROR')
      }
      return {
        openid: reply.openid,
        sessionKey: reply.session_key,
        unionid: nonEmpty(reply.unionid) ? reply.unionid : null,
      }
    },

    async getPhoneNumber(app, code, openid) {
      const reply = await serverTokens.withAccessToken(app, (token) => {
        const url = `${apiBase}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`
        return withBusyRetry('getuserphonenumber', () =>
          wxRequest('getuserphonenumber', url, { method: 'POST', body: { code, openid } }, http),
        )
      })
      return phoneFromReply(reply, app, logger)
    },
  }
}
