import {
  labelNumber,
  MediaCheckReplySchema,
  MsgSecCheckReplySchema,
  readReply,
  wxOutcome,
  type Suggest,
  type WxEndpoint,
  type WxRead,
} from '@wxlogin/wechat-wire'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { WxReply } from './wechat-http.js'
import { successOf } from './wx-failure.js'

/*
 * Reading WeChat's content-security replies (msgSecCheck v2, mediaCheckAsync v2).
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
 */

/** What WeChat said about a text: its verdict, or that it would not judge (61010). */
export type TextVerdict =
  | { kind: 'verdict'; suggest: Suggest; label: number | null; traceId: string }
  /** The author was not active in the mini-program lately: a human must judge. */
  | { kind: 'unchecked' }

/** An image check WeChat accepted (the verdict is pushed later), or would not take (61010). */
export type ImageCheck = { kind: 'accepted'; traceId: string } | { kind: 'unchecked' }

/** Which field a text is, for WeChat's context: a nickname, or a bio (个性签名, `signature`). */
export type TextField = 'nickname' | 'bio'

/** True when the errcode table says to hold the content for review instead of failing. */
function heldForReview<T>(endpoint: WxEndpoint, read: WxRead<T>): boolean {
  return read.kind === 'errcode' && wxOutcome(endpoint, read.errcode).action === 'hold-for-review'
}

export function textVerdictFromReply(reply: WxReply, app: WxApp, logger: Logger): TextVerdict {
  const read = readReply(MsgSecCheckReplySchema, reply)
  if (heldForReview('msg_sec_check', read)) return { kind: 'unchecked' }
  const { result, trace_id } = successOf('msg_sec_check', read, logger, app.appId)
  return {
    kind: 'verdict',
    suggest: result.suggest,
    label: labelNumber(result.label),
    traceId: trace_id,
  }
}

export function imageCheckFromReply(reply: WxReply, app: WxApp, logger: Logger): ImageCheck {
  const read = readReply(MediaCheckReplySchema, reply)
  if (heldForReview('media_check_async', read)) return { kind: 'unchecked' }
  return {
    kind: 'accepted',
    traceId: successOf('media_check_async', read, logger, app.appId).trace_id,
  }
}
