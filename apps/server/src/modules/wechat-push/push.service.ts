import type { WechatPushBody, WechatPushQuery } from '@wxlogin/shared/dto'
import {
  EncryptedPushSchema,
  decryptPushMessage,
  labelNumber,
  MediaCheckEventSchema,
  PushedMessageSchema,
  pushSignature,
  signatureMatches,
} from '@wxlogin/wechat-wire'
import { AppError } from '../../app-error.js'
import type { WxApp } from '../../config.js'
import type { Logger } from '../../logger.js'
import type { ContentMetrics, PushOutcome } from '../../metrics/content-metrics.js'
import { finishVerdict, type VerdictDeps } from '../content/image-verdicts.js'

export interface PushDeps extends VerdictDeps {
  apps: readonly WxApp[]
  logger: Logger
  metrics: ContentMetrics
}

/** An app that can verify pushes: it has a Token. */
type PushApp = WxApp & { pushToken: string }

/**
 * WeChat's message push (消息推送): URL verification and pushed events, plaintext or safe mode.
 * Nothing is read from a push before its signature is checked, and nothing changes when the
 * signature or the body is bad. The only event acted on is `wxa_media_check`.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 */
export function createWechatPushService(deps: PushDeps) {
  const { store, clock, logger, metrics } = deps
  const appsById = new Map(deps.apps.map((a) => [a.appId, a]))

  function refuse(outcome: PushOutcome, error: AppError, why: string, appId?: string): never {
    metrics.push(outcome)
    logger.warn({ appId, outcome }, `WeChat push refused: ${why}`)
    throw error
  }

  /** `?appId=` with several mini-programs; the first one by default. */
  function appFor(appId: string | undefined): PushApp {
    const app = appId === undefined ? deps.apps[0] : appsById.get(appId)
    if (app?.pushToken) return { ...app, pushToken: app.pushToken }
    return refuse(
      'not_configured',
      new AppError('NOT_FOUND', 'Message push is not configured for this mini-program.'),
      'no push Token for this app (WX_PUSH_TOKEN, or pushToken in WX_APPS)',
      appId,
    )
  }

  const badSignature = (app: PushApp): never =>
    refuse(
      'bad_signature',
      new AppError('AUTH_TOKEN_INVALID', 'The push signature does not match.'),
      'bad signature',
      app.appId,
    )
  const badBody = (app: PushApp, why: string): never =>
    refuse(
      'bad_body',
      new AppError('VALIDATION_FAILED', `Not a valid push: ${why}.`),
      why,
      app.appId,
    )

  /** The pushed message, after its signature (and in safe mode its decryption) checked out. */
  function authenticated(app: PushApp, query: WechatPushQuery, body: WechatPushBody): unknown {
    const { timestamp, nonce } = query
    if (!timestamp || !nonce) return badSignature(app)
    if (!app.pushAesKey) {
      // Plaintext mode: the signature covers the token, timestamp and nonce, not the body.
      const expected = pushSignature(app.pushToken, timestamp, nonce)
      return signatureMatches(expected, query.signature) ? body : badSignature(app)
    }
    // Safe mode (and compatible mode, whose plaintext copy is ignored): only what
    // msg_signature covers is read.
    if (!query.msg_signature) return badSignature(app)
    const encrypted = EncryptedPushSchema.safeParse(body)
    if (!encrypted.success) return badBody(app, 'no Encrypt field (safe mode)')
    const encrypt = encrypted.data.Encrypt
    const expected = pushSignature(app.pushToken, timestamp, nonce, encrypt)
    if (!signatureMatches(expected, query.msg_signature)) return badSignature(app)
    const plain = decryptPushMessage(app.pushAesKey, encrypt)
    if (!plain.ok) return badBody(app, plain.reason)
    if (plain.appId !== app.appId) return badBody(app, 'encrypted for another AppID')
    try {
      return JSON.parse(plain.message) as unknown
    } catch {
      return badBody(app, 'the decrypted message is not JSON (set the data format to JSON)')
    }
  }

  /** Settles the check a wxa_media_check event is about; a retried push changes nothing. */
  async function mediaCheckVerdict(app: PushApp, message: unknown): Promise<void> {
    const parsed = MediaCheckEventSchema.safeParse(message)
    if (!parsed.success) return badBody(app, 'not a wxa_media_check event')
    const event = parsed.data
    if (event.appid !== app.appId) return badBody(app, 'an event of another AppID')
    const known = await store.mediaChecks.findByTraceId(event.trace_id)
    if (!known || known.appId !== app.appId) {
      // Maybe not recorded yet: WeChat can answer a cached image before the upload that sent
      // it has stored its trace_id. Not `success`, so WeChat pushes it again (3 times).
      return refuse(
        'unknown_trace',
        new AppError('NOT_FOUND', 'No image check with this trace_id (yet).'),
        'a verdict for no check of ours',
        app.appId,
      )
    }
    const verdict = {
      suggest: event.result?.suggest ?? null,
      label: labelNumber(event.result?.label),
    }
    const settled = await store.mediaChecks.settle(event.trace_id, verdict, clock.now())
    if (settled) {
      metrics.push('settled')
      metrics.check('avatar', settled.suggest ?? 'check_failed')
    } else metrics.push('duplicate')
    // A retry also finishes what a failed first attempt left settled but not applied.
    const current = settled ?? (await store.mediaChecks.findByTraceId(event.trace_id))
    if (current) await finishVerdict(deps, current)
  }

  return {
    /** The URL check: `echostr` back when the signature matches. */
    verify(query: WechatPushQuery): string {
      const app = appFor(query.appId)
      const { timestamp, nonce, echostr } = query
      if (!timestamp || !nonce) return badSignature(app)
      if (!signatureMatches(pushSignature(app.pushToken, timestamp, nonce), query.signature))
        return badSignature(app)
      if (echostr === undefined) return badBody(app, 'no echostr')
      metrics.push('verified')
      return echostr
    },

    async receive(query: WechatPushQuery, body: WechatPushBody): Promise<void> {
      const app = appFor(query.appId)
      const message = authenticated(app, query, body)
      const kind = PushedMessageSchema.safeParse(message)
      if (!kind.success) return badBody(app, 'no MsgType')
      if (kind.data.MsgType === 'event' && kind.data.Event === 'wxa_media_check')
        return mediaCheckVerdict(app, message)
      metrics.push('ignored')
    },
  }
}

export type WechatPushService = ReturnType<typeof createWechatPushService>
