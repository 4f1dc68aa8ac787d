import { ENCODING_AES_KEY_PATTERN, PUSH_TOKEN_PATTERN } from '@wxlogin/wechat-wire'
import { z } from 'zod'

/*
 * The content-security settings (docs/content-security.md), parsed with the rest of the
 * environment by config.ts.
 */

/** The Token of the MP console's message push (消息推送). */
const PushToken = z
  .string()
  .regex(PUSH_TOKEN_PATTERN, 'must be 3..32 letters and digits (the message push Token)')
/** Its EncodingAESKey: present means safe mode (encrypted pushes). */
const PushAesKey = z
  .string()
  .regex(ENCODING_AES_KEY_PATTERN, 'must be the 43-character EncodingAESKey')

/** Merged into config.ts's Env. */
export const CONTENT_ENV = {
  CONTENT_CHECK: z.enum(['wechat', 'off']).default('wechat'),
  WX_PUSH_TOKEN: PushToken.optional(),
  WX_PUSH_AES_KEY: PushAesKey.optional(),
  // WeChat pushes a verdict within 30 minutes; a check without one after this goes to an admin.
  CONTENT_VERDICT_TIMEOUT_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  CONTENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
}

type ContentEnv = z.output<z.ZodObject<typeof CONTENT_ENV>>

export interface ContentConfig {
  /** `wechat`: text and images are checked by WeChat; `off`: nothing is checked. */
  check: 'wechat' | 'off'
  /** A pending image check older than this is queued for an admin. */
  verdictTimeoutMs: number
  /** How often each instance looks for such checks. */
  sweepIntervalMs: number
}

function contentConfig(e: ContentEnv): ContentConfig {
  return {
    check: e.CONTENT_CHECK,
    verdictTimeoutMs: e.CONTENT_VERDICT_TIMEOUT_MIN * 60_000,
    sweepIntervalMs: e.CONTENT_SWEEP_INTERVAL_MS,
  }
}

/** Adds the message push settings to an app's schema (`pushToken`, `pushAesKey` in WX_APPS). */
export const withPush = <S extends z.ZodRawShape>(app: z.ZodObject<S>) =>
  app.extend({ pushToken: PushToken.optional(), pushAesKey: PushAesKey.optional() })

/**
 * The content settings, and each app with its push Token and EncodingAESKey: its own
 * (`pushToken`/`pushAesKey` in WX_APPS), else WX_PUSH_TOKEN / WX_PUSH_AES_KEY. A key without a
 * token cannot verify anything: a problem.
 */
export function contentSettings<
  A extends { appId: string; pushToken?: string; pushAesKey?: string },
>(e: ContentEnv, apps: A[], problems: string[]): { apps: A[]; config: ContentConfig } {
  const withSettings = apps.map((app) => {
    const pushToken = app.pushToken ?? e.WX_PUSH_TOKEN
    const pushAesKey = app.pushAesKey ?? e.WX_PUSH_AES_KEY
    if (pushAesKey && !pushToken)
      problems.push(`WX_PUSH_TOKEN: ${app.appId} has an EncodingAESKey but no push Token`)
    return { ...app, pushToken, pushAesKey }
  })
  return { apps: withSettings, config: contentConfig(e) }
}
