import { randomBytes } from 'node:crypto'
import type {
  MediaCheckReply,
  MediaCheckRequest,
  MsgSecCheckReply,
  MsgSecCheckRequest,
  Suggest,
  WxErrorReply,
} from '@wxlogin/wechat-wire'
import type { PushSender } from './push-sender.js'
import type { ContentRules } from './types.js'
import { wxError } from './wx-error.js'

/** A JSON body's fields, as received: any may be missing or of the wrong type. */
type Fields<T> = Partial<Record<keyof T, unknown>>

const DEFAULT_RULES: Required<ContentRules> = {
  riskyWords: [],
  reviewWords: [],
  imageVerdict: 'pass',
  pushDelayMs: 1000,
}

/** The labels the simulator answers with: 20001 politics for risky text, 20002 for images. */
const TEXT_LABELS: Record<Suggest, number> = { pass: 100, review: 21000, risky: 20001 }
const IMAGE_LABELS: Record<Suggest, number> = { pass: 100, review: 21000, risky: 20002 }

// WeChat's trace ids look like `690b03d2-301f6111-35ffbd44`.
const traceId = () =>
  randomBytes(12)
    .toString('hex')
    .replace(/(.{8})(.{8})/, '$1-$2-')

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max

/**
 * Content security as WeChat answers it, by rules set through the control API: text containing
 * a risky word is `risky`, a review word `review`, else `pass`; every image gets `imageVerdict`,
 * pushed `pushDelayMs` after it was accepted.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
 */
export class ContentSecurity {
  #rules = { ...DEFAULT_RULES }
  readonly #pushes: PushSender
  readonly #now: () => number
  readonly #delay: (ms: number) => Promise<void>
  readonly #inFlight = new Set<Promise<void>>()

  constructor(options: {
    pushes: PushSender
    now: () => number
    delay: (ms: number) => Promise<void>
  }) {
    this.#pushes = options.pushes
    this.#now = options.now
    this.#delay = options.delay
  }

  /** Sets the rules given; the others keep their value. */
  setRules(rules: ContentRules): void {
    this.#rules = { ...this.#rules, ...rules }
  }

  resetRules(): void {
    this.#rules = { ...DEFAULT_RULES }
  }

  /** Resolves once every accepted image's verdict has been pushed (or given up on). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight])
  }

  msgSecCheck(body: Fields<MsgSecCheckRequest>): MsgSecCheckReply | WxErrorReply {
    const refused = this.#checkCommon(body)
    if (refused) return refused
    if (!isText(body.content, 2500)) return wxError(47001, 'content')
    if (body.content === '') return wxError(44002)
    const text = [body.content, body.nickname, body.title, body.signature]
      .filter((v): v is string => typeof v === 'string')
      .join('\n')
      .toLowerCase()
    const hit = (words: readonly string[]) => words.find((w) => text.includes(w.toLowerCase()))
    const risky = hit(this.#rules.riskyWords)
    const review = risky === undefined ? hit(this.#rules.reviewWords) : undefined
    const suggest: Suggest = risky ? 'risky' : review ? 'review' : 'pass'
    const label = TEXT_LABELS[suggest]
    const keyword = risky ?? review
    return {
      errcode: 0,
      errmsg: 'ok',
      trace_id: traceId(),
      result: { suggest, label },
      detail: [
        {
          strategy: 'content_model',
          errcode: 0,
          suggest,
          label,
          prob: suggest === 'pass' ? 0 : 90,
        },
        ...(keyword === undefined
          ? []
          : [{ strategy: 'keyword', errcode: 0, suggest, label, level: 90, keyword }]),
      ],
    }
  }

  /** Accepts the check and pushes its verdict later, as a `wxa_media_check` event of `appId`. */
  mediaCheckAsync(appId: string, body: Fields<MediaCheckRequest>): MediaCheckReply | WxErrorReply {
    const refused = this.#checkCommon(body)
    if (refused) return refused
    if (!isText(body.media_url, 2048) || !/^https?:\/\/\S+$/.test(body.media_url))
      return wxError(47001, 'media_url')
    if (body.media_type !== 1 && body.media_type !== 2) return wxError(47001, 'media_type')
    const id = traceId()
    const suggest = this.#rules.imageVerdict
    const event = {
      ToUserName: `gh_${appId.slice(-12)}`,
      FromUserName: body.openid as string,
      CreateTime: Math.floor(this.#now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: appId,
      trace_id: id,
      version: 2,
      detail: [
        { strategy: 'content_model', errcode: 0, suggest, label: IMAGE_LABELS[suggest], prob: 90 },
      ],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label: IMAGE_LABELS[suggest] },
    }
    const delivery = this.#delay(this.#rules.pushDelayMs)
      .then(() => this.#pushes.send(appId, event))
      .catch(() => undefined)
      .finally(() => this.#inFlight.delete(delivery))
    this.#inFlight.add(delivery)
    return { errcode: 0, errmsg: 'ok', trace_id: id }
  }

  /** What both endpoints require: version 2, an openid, a scene of 1..4. */
  #checkCommon(body: Fields<MsgSecCheckRequest>): WxErrorReply | undefined {
    if (body.version !== 2) return wxError(47001, 'version')
    if (!isText(body.openid, 128) || body.openid === '') return wxError(40003)
    if (body.scene !== 1 && body.scene !== 2 && body.scene !== 3 && body.scene !== 4)
      return wxError(40129)
    return undefined
  }
}
