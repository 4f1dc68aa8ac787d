import { Code2SessionReplySchema, readReply, wxOutcome } from '@wxlogin/wechat-wire'
import type { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'
import type { WxReply } from './wechat-http.js'
import { successOf, wxFailure } from './wx-failure.js'

export interface SessionInfo {
  openid: string
  /** Never leaves the server, never logged, never put in a token. */
  sessionKey: string
  unionid: string | null
}

/**
 * What exchanging a login code gives: the session, or "already used" (40163) — a double tap or a
 * retry, which the caller answers from its cache of first results, else fails with `error`.
 */
export type Code2SessionResult =
  { kind: 'session'; session: SessionInfo } | { kind: 'code-used'; error: AppError }

const ENDPOINT = 'jscode2session'

/** A jscode2session reply → the session, "code used", or a thrown AppError (the errcode table). */
export function sessionFromReply(
  reply: WxReply,
  appId: string,
  logger: Logger,
): Code2SessionResult {
  const read = readReply(Code2SessionReplySchema, reply)
  if (read.kind === 'errcode' && wxOutcome(ENDPOINT, read.errcode).action === 'served-from-cache')
    return {
      kind: 'code-used',
      error: wxFailure(ENDPOINT, read.errcode, read.errmsg, logger, appId),
    }
  const { openid, session_key, unionid } = successOf(ENDPOINT, read, logger, appId)
  // unionid only when bound to an Open Platform account; never an empty or undefined id (WxJava #657).
  return { kind: 'session', session: { openid, sessionKey: session_key, unionid: unionid || null } }
}
