import { setTimeout as sleep } from 'node:timers/promises'
import {
  WX_ENDPOINTS,
  WXACODE_IMAGE_TYPES,
  wxOutcome,
  type Code2SessionQuery,
  type MediaCheckRequest,
  type MsgSecCheckRequest,
  type PhoneNumberRequest,
  type WxEndpoint,
} from '@wxlogin/wechat-wire'
import { systemClock, type Clock } from '../clock.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { WxTokenCache } from '../store/store.js'
import { createAccessTokenManager } from './access-token-manager.js'
import { stableTokenBody, tokenFromReply } from './access-token-source.js'
import { sessionFromReply, type Code2SessionResult } from './code2session.js'
import {
  imageCheckFromReply,
  textVerdictFromReply,
  type ImageCheck,
  type TextField,
  type TextVerdict,
} from './content-security.js'
import { phoneFromReply, type PhoneNumber } from './phone-number.js'
import { wxImageRequest, wxRequest, type WxObserver, type WxReply } from './wechat-http.js'
import { wxacodeFromReply, type Wxacode, type WxacodeInput } from './wxacode.js'

/** The WeChat port: the real API or the simulator, chosen by base URL only. */
export interface WechatClient {
  /** The session for a login code, or `code-used` (40163) for the caller's cache to answer. */
  code2Session(app: WxApp, code: string): Promise<Code2SessionResult>
  /** getuserphonenumber for the user `openid`, with the shared server access_token (docs/wechat.md, "Phone numbers"). */
  getPhoneNumber(app: WxApp, code: string, openid: string): Promise<PhoneNumber>
  /** getwxacodeunlimit: a mini-program code opening `page` with `scene` (scan-to-login), same server token. */
  getWxacode(app: WxApp, input: WxacodeInput): Promise<Wxacode>
  /** msgSecCheck v2 on `openid`'s profile text (scene 1), synchronously (61010: docs/content-security.md). */
  checkText(app: WxApp, openid: string, field: TextField, text: string): Promise<TextVerdict>
  /** mediaCheckAsync v2 on the image at a public URL; the verdict is pushed later. */
  checkImage(app: WxApp, openid: string, mediaUrl: string): Promise<ImageCheck>
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

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { apiBase, logger, busyAttempts = 3, busyBackoffMs = 100 } = options
  const http = { timeoutMs: options.timeoutMs, logger, observe: options.observe }
  const urlOf = (endpoint: WxEndpoint) => `${apiBase}${WX_ENDPOINTS[endpoint].path}`

  /** Retries what the errcode table says to retry (-1 only), with exponential backoff, a bounded number of times. */
  async function withBusyRetry(
    endpoint: WxEndpoint,
    call: () => Promise<WxReply>,
  ): Promise<WxReply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await call()
      const { errcode } = reply
      const busy =
        typeof errcode === 'number' && wxOutcome(endpoint, errcode).action === 'retry-busy'
      if (!busy || attempt >= busyAttempts) return reply
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
      const body = stableTokenBody(app)
      const reply = await withBusyRetry('stable_token', () =>
        wxRequest('stable_token', urlOf('stable_token'), { method: 'POST', body }, http),
      )
      return tokenFromReply(reply, app, logger)
    },
  })

  /** A POST with the shared server access_token, retried as the errcode table says. */
  const withToken = (app: WxApp, endpoint: WxEndpoint, body: unknown) =>
    serverTokens.withAccessToken(app, (token) => {
      const url = `${urlOf(endpoint)}?access_token=${encodeURIComponent(token)}`
      return withBusyRetry(endpoint, () => wxRequest(endpoint, url, { method: 'POST', body }, http))
    })

  return {
    async code2Session(app, code) {
      const params: Code2SessionQuery = {
        appid: app.appId,
        secret: app.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }
      const url = `${urlOf('jscode2session')}?${new URLSearchParams(params).toString()}`
      const reply = await withBusyRetry('jscode2session', () =>
        wxRequest('jscode2session', url, { method: 'GET' }, http),
      )
      return sessionFromReply(reply, app.appId, logger)
    },

    async getPhoneNumber(app, code, openid) {
      const body: PhoneNumberRequest = { code, openid }
      return phoneFromReply(await withToken(app, 'getuserphonenumber', body), app, logger)
    },

    async checkText(app, openid, field, text) {
      // The field's own parameter too: WeChat reads a nickname or a 个性签名 with that context.
      const body: MsgSecCheckRequest = {
        version: 2,
        openid,
        scene: 1,
        content: text,
        ...(field === 'nickname' ? { nickname: text } : { signature: text }),
      }
      return textVerdictFromReply(await withToken(app, 'msg_sec_check', body), app, logger)
    },

    async checkImage(app, openid, mediaUrl) {
      // media_type 2 (image): a wrong type silently comes back "pass" (docs/content-security.md).
      const body: MediaCheckRequest = {
        media_url: mediaUrl,
        media_type: 2,
        version: 2,
        openid,
        scene: 1,
      }
      return imageCheckFromReply(await withToken(app, 'media_check_async', body), app, logger)
    },

    async getWxacode(app, input) {
      const reply = await serverTokens.withAccessToken(app, (token) => {
        const url = `${urlOf('getwxacodeunlimit')}?access_token=${encodeURIComponent(token)}`
        return withBusyRetry('getwxacodeunlimit', () =>
          wxImageRequest(
            'getwxacodeunlimit',
            url,
            { method: 'POST', body: input },
            http,
            WXACODE_IMAGE_TYPES,
          ),
        )
      })
      return wxacodeFromReply(reply, logger, app.appId)
    },
  }
}
