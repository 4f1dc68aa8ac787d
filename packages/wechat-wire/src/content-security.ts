import { z } from 'zod'
import { okFields } from './reply.js'

/*
 * Content security, version 2 (version 1, where 87014 meant "risky", is frozen since 2021-09-01).
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
 */

/** Where the checked content appears: 1 profile, 2 comment, 3 forum, 4 social log. */
export const ContentSceneSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
export type ContentScene = z.infer<typeof ContentSceneSchema>

export const SuggestSchema = z.enum(['risky', 'pass', 'review'])
export type Suggest = z.infer<typeof SuggestSchema>

/**
 * Documented as a string, arrives as a number from msg_sec_check and as a numeric string in
 * media-check events: both parse. See CONTENT_LABELS for the values.
 */
export const LabelSchema = z.union([z.number().int(), z.string()])

/** The documented labels (compare with `Number(label)`). */
export const CONTENT_LABELS = {
  100: 'normal',
  10001: 'advertising',
  20001: 'politics',
  20002: 'pornography',
  20003: 'abuse',
  20006: 'crime',
  20008: 'fraud',
  20012: 'vulgar',
  20013: 'copyright',
  21000: 'other',
} as const

/** A label as a number (100, 20001, …), or null when absent or not numeric. */
export function labelNumber(label: string | number | undefined): number | null {
  const n = typeof label === 'number' ? label : label === undefined ? NaN : Number(label)
  return Number.isSafeInteger(n) ? n : null
}

export const VerdictSchema = z.looseObject({ suggest: SuggestSchema, label: LabelSchema })

/** One strategy's finding; a strategy that failed has its own errcode and may lack a verdict. */
export const VerdictDetailSchema = z.looseObject({
  strategy: z.string(),
  errcode: z.number().int(),
  suggest: SuggestSchema.optional(),
  label: LabelSchema.optional(),
  prob: z.number().optional(),
  keyword: z.string().optional(),
})

/**
 * `POST /wxa/msg_sec_check?access_token=…`. The token goes in the URL: in the body it is 47001.
 * `openid` must have visited the mini-program in the last ~2 hours (else 61010), so text is
 * checked synchronously while its author is active.
 */
export const MsgSecCheckRequestSchema = z.object({
  version: z.literal(2),
  openid: z.string().min(1),
  scene: ContentSceneSchema,
  content: z.string().max(2500),
  nickname: z.string().optional(),
  title: z.string().optional(),
  signature: z.string().optional(),
})
export type MsgSecCheckRequest = z.infer<typeof MsgSecCheckRequestSchema>

export const MsgSecCheckReplySchema = z.looseObject({
  ...okFields,
  trace_id: z.string(),
  result: VerdictSchema,
  detail: z.array(VerdictDetailSchema).optional(),
})
export type MsgSecCheckReply = z.infer<typeof MsgSecCheckReplySchema>

/**
 * `POST /wxa/media_check_async?access_token=…`: `media_type` 2 is an image (1 audio). The URL
 * must be public and reachable by WeChat (≤ 10 MB): a temporary or private URL, or a wrong
 * media_type, silently comes back "pass".
 */
export const MediaCheckRequestSchema = z.object({
  /** http(s) only: a `wxfile://` temporary path cannot be fetched by WeChat. */
  media_url: z.url({ protocol: /^https?$/ }),
  media_type: z.union([z.literal(1), z.literal(2)]),
  version: z.literal(2),
  openid: z.string().min(1),
  scene: ContentSceneSchema,
})
export type MediaCheckRequest = z.infer<typeof MediaCheckRequestSchema>

/** Accepted for checking; the verdict arrives later as a MediaCheckEvent with this trace_id. */
export const MediaCheckReplySchema = z.looseObject({ ...okFields, trace_id: z.string() })
export type MediaCheckReply = z.infer<typeof MediaCheckReplySchema>

/**
 * The verdict, pushed within 30 minutes to the message-push URL (decrypted first in safe mode).
 * When WeChat could not fetch the media the event carries an errcode (e.g. -1008, "download
 * error") and no result. Handling must be idempotent by trace_id: WeChat retries a push.
 */
export const MediaCheckEventSchema = z.looseObject({
  ToUserName: z.string(),
  FromUserName: z.string(),
  CreateTime: z.number(),
  MsgType: z.literal('event'),
  Event: z.literal('wxa_media_check'),
  appid: z.string(),
  trace_id: z.string(),
  version: z.number().optional(),
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
  result: VerdictSchema.optional(),
  detail: z.array(VerdictDetailSchema).optional(),
})
export type MediaCheckEvent = z.infer<typeof MediaCheckEventSchema>

/**
 * A safe-mode push body: the encrypted event and, in compatible mode, its plaintext fields too
 * (ignored: only what the signature covers is read).
 */
export const EncryptedPushSchema = z.looseObject({
  ToUserName: z.string().optional(),
  Encrypt: z.string().min(1),
})

/** Any pushed message or event, enough to tell which one it is. */
export const PushedMessageSchema = z.looseObject({
  MsgType: z.string(),
  Event: z.string().optional(),
})
