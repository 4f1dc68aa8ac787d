import { randomUUID } from 'node:crypto'
import type { Middleware, ParameterizedContext } from 'koa'
import type { AccessClaims, Verifier } from './create-verifier.js'
import { isVerifyError } from './verify-error.js'

/** What `requireUser` adds to `ctx.state`. */
export interface UserState {
  user: AccessClaims
}

/** The contract's codes for "who are you?" failures, each answered with 401. */
export type AuthErrorCode = 'AUTH_REQUIRED' | 'AUTH_TOKEN_INVALID' | 'AUTH_TOKEN_EXPIRED'

const MESSAGES: Record<AuthErrorCode, string> = {
  AUTH_REQUIRED: 'Sign-in is required.',
  AUTH_TOKEN_INVALID: 'The access token is not valid.',
  AUTH_TOKEN_EXPIRED: 'The access token has expired.',
}
const BEARER = /^Bearer\s+(\S+)$/i
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/

/** The host's request id when it has one (wxlogin's own, an upstream's), else a new one. */
function requestIdOf(ctx: ParameterizedContext): string {
  const state = ctx.state as { requestId?: unknown }
  if (typeof state.requestId === 'string') return state.requestId
  const incoming = ctx.get('x-request-id')
  const id = VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID()
  if (!ctx.response.get('x-request-id')) ctx.set('x-request-id', id)
  return id
}

function refuse(ctx: ParameterizedContext, code: AuthErrorCode): void {
  ctx.status = 401
  // RFC 6750 §3: a client that sent a token learns that it is the token that failed.
  ctx.set('WWW-Authenticate', code === 'AUTH_REQUIRED' ? 'Bearer' : 'Bearer error="invalid_token"')
  ctx.body = { error: { code, message: MESSAGES[code], requestId: requestIdOf(ctx) } }
}

/**
 * Koa middleware: a request with a valid `Authorization: Bearer <access token>` goes on with the
 * claims on `ctx.state.user`; any other is answered 401 `{ error: { code, message, requestId } }`
 * (AUTH_REQUIRED, AUTH_TOKEN_INVALID, or AUTH_TOKEN_EXPIRED — on which a wxlogin client
 * refreshes and retries). A key set that cannot be fetched is not the caller's fault and must not
 * make clients sign out: that is thrown as a 503 for your error handling.
 */
export function requireUser(verifier: Verifier): Middleware<UserState> {
  return async (ctx, next) => {
    const token = BEARER.exec(ctx.get('authorization'))?.[1]
    if (!token) return refuse(ctx, 'AUTH_REQUIRED')
    try {
      ctx.state.user = await verifier.verify(token)
    } catch (err) {
      if (!isVerifyError(err)) throw err
      switch (err.code) {
        case 'expired':
          return refuse(ctx, 'AUTH_TOKEN_EXPIRED')
        case 'invalid':
          return refuse(ctx, 'AUTH_TOKEN_INVALID')
        case 'jwks_unavailable':
          return ctx.throw(503, err.message, { cause: err })
      }
    }
    await next()
  }
}
