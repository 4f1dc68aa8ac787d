import { z } from 'zod'

/**
 * What every WeChat reply may carry. Errors come back as HTTP 200 with a non-zero `errcode`;
 * on success some endpoints send `errcode: 0, errmsg: "ok"`, others (jscode2session, the token
 * endpoints) send neither, so both are optional and only 0 is a success.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
 */
export const okFields = {
  errcode: z.literal(0).optional(),
  errmsg: z.string().optional(),
}

/**
 * A refusal: `errcode` non-zero, `errmsg` WeChat's words ending with `rid: …` (worth logging,
 * WeChat support asks for it). Extra fields are allowed: some endpoints add their own.
 */
export const WxErrorReplySchema = z.looseObject({
  errcode: z
    .number()
    .int()
    .refine((n) => n !== 0, 'errcode 0 is a success'),
  errmsg: z.string().optional(),
})
export type WxErrorReply = z.infer<typeof WxErrorReplySchema>

/** `{ errcode: 0, errmsg: "ok" }` and nothing else of interest (checksession). */
export const WxOkReplySchema = z.looseObject(okFields)
export type WxOkReply = z.infer<typeof WxOkReplySchema>

/** A reply read against an endpoint's success schema. */
export type WxRead<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'errcode'; errcode: number; errmsg: string }
  /** Neither a refusal nor the documented success: `problems` name fields, never their values. */
  | { kind: 'malformed'; problems: string[] }

/**
 * Reads a parsed JSON reply: a non-zero numeric `errcode` is a refusal, whatever else the reply
 * holds; otherwise it must match `schema`. The errcode test comes first and is cheap, so a
 * success costs one parse.
 */
export function readReply<S extends z.ZodType>(schema: S, reply: unknown): WxRead<z.output<S>> {
  const errcode = (reply as { errcode?: unknown } | null)?.errcode
  if (typeof errcode === 'number' && errcode !== 0) {
    const refused = WxErrorReplySchema.safeParse(reply)
    if (refused.success) return { kind: 'errcode', errcode, errmsg: refused.data.errmsg ?? '' }
    return { kind: 'malformed', problems: describe(refused.error) }
  }
  const parsed = schema.safeParse(reply)
  if (parsed.success) return { kind: 'ok', value: parsed.data }
  return { kind: 'malformed', problems: describe(parsed.error) }
}

/** `path: code` per issue: safe to log (a phone reply's issues never carry the number). */
function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(reply)'}: ${i.code}`)
}
