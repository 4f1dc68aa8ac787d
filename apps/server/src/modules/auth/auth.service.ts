import type { RefreshResponse, WxLoginRequest, WxLoginResponse } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { RequestMeta } from '../../request-meta.js'
import type { Clock } from '../../clock.js'
import type { WxApp } from '../../config.js'
import { newId } from '../../ids.js'
import type { Logger } from '../../logger.js'
import type { AgreementRecord, SessionRecord, Store, UserRecord } from '../../store/store.js'
import type { AccessTokens } from '../../tokens/access-token.js'
import { hashToken, newRefreshToken, successorOf } from '../../tokens/refresh-token.js'
import { checkSession, replayDecision } from '../../tokens/session-policy.js'
import type { WechatClient } from '../../wechat/wechat-client.js'
import { agreementAudit, agreementRequired } from '../account/agreement.js'
import type { ContentService } from '../content/content.service.js'
import { toUser } from '../users/user-view.js'
import { createCodeExchange, type ExchangeResult } from './code-exchange.js'
import type { OpenDataResult } from './open-data.js'
import { profileFromWx } from './profile-filter.js'

export interface AuthServiceDeps {
  store: Store
  wechat: WechatClient
  accessTokens: AccessTokens
  /**
   * Secrets for deriving a rotated refresh token's successor, one per configured signing key,
   * newest first: the first derives, all are tried when a grace replay looks for the successor
   * (see refresh below), so a key rotation between the two calls does not fork the family.
   */
  refreshKeys: readonly string[]
  apps: WxApp[]
  refreshTtlSeconds: number
  /** AGREEMENT_VERSION: logins and refreshes say whether the user still has to accept it. */
  agreementVersion: string
  clock: Clock
  logger: Logger
  /** WeChat content security: a profile nickname is judged before it is stored. */
  content: Pick<ContentService, 'screenLogin' | 'queueTexts'>
  /** Extra checks on a fresh code exchange (legacy open data); may return profile fields. */
  verifyOpenData?: (
    input: WxLoginRequest,
    exchange: ExchangeResult,
    app: WxApp,
  ) => OpenDataResult | undefined
}

export function createAuthService(deps: AuthServiceDeps) {
  const { store, accessTokens, clock, logger } = deps
  const exchangeCode = createCodeExchange({ wechat: deps.wechat, codes: store.codes, clock })
  const appsById = new Map(deps.apps.map((a) => [a.appId, a]))

  function appFor(appId: string | undefined): WxApp {
    const app = appId === undefined ? deps.apps[0] : appsById.get(appId)
    if (!app) throw new AppError('VALIDATION_FAILED', 'appId: not a configured mini-program')
    return app
  }

  function tokenPair(user: UserRecord, session: SessionRecord, refreshToken: string, now: Date) {
    const access = accessTokens.sign({
      sub: user.id,
      sid: session.id,
      appid: session.appId,
      roles: user.roles,
    })
    const refreshExpiresIn = Math.max(
      1,
      Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000),
    )
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer' as const,
      expiresIn: access.expiresIn,
      refreshExpiresIn,
    }
  }

  /**
   * The session, its first refresh token and the login's audit entries are written at once: one
   * group commit on SQLite (the session is queued first, so the token's foreign key holds),
   * concurrent writes on MongoDB.
   */
  async function startSession(
    user: UserRecord,
    meta: RequestMeta,
    auditDetails: Record<string, unknown>,
    agreement?: AgreementRecord,
  ) {
    const now = clock.now()
    const expiresAt = new Date(now.getTime() + deps.refreshTtlSeconds * 1000)
    const sessionId = newId(now.getTime())
    const refreshToken = newRefreshToken()
    const [session] = await Promise.all([
      store.sessions.create({
        id: sessionId,
        userId: user.id,
        appId: user.appId,
        createdAt: now,
        expiresAt,
        lastUsedAt: now,
        userAgent: meta.userAgent?.slice(0, 256) ?? null,
        ip: meta.ip,
      }),
      store.sessions.addRefreshToken({
        hash: hashToken(refreshToken),
        sessionId,
        userId: user.id,
        createdAt: now,
        expiresAt,
      }),
      store.audit.append({
        at: now,
        action: 'login',
        actorId: user.id,
        targetId: user.id,
        ip: meta.ip,
        details: { appId: user.appId, ...auditDetails },
      }),
      agreement && store.audit.append(agreementAudit(user, agreement, meta, 'login')),
    ])
    return tokenPair(user, session, refreshToken, now)
  }

  async function reuseDetected(session: SessionRecord, meta: RequestMeta): Promise<never> {
    const now = clock.now()
    await store.sessions.revoke(session.id, 'refresh_token_reused', now)
    await store.audit.append({
      at: now,
      action: 'refresh_reuse_detected',
      actorId: session.userId,
      targetId: session.userId,
      ip: meta.ip,
      details: { sessionId: session.id },
    })
    logger.warn(
      { userId: session.userId, sessionId: session.id },
      'refresh token reuse detected; session revoked',
    )
    throw new AppError('REFRESH_TOKEN_REUSED')
  }

  return {
    async wxLogin(input: WxLoginRequest, meta: RequestMeta): Promise<WxLoginResponse> {
      const app = appFor(input.appId)
      const exchange = await exchangeCode(app, input.code)
      const verified = deps.verifyOpenData?.(input, exchange, app)
      // A risky nickname (or one WeChat cannot judge now) is dropped; the login goes on.
      const { profile, reviews } = await deps.content.screenLogin(app, exchange.openid, {
        ...profileFromWx(input.profile),
        ...verified?.profile,
      })
      const now = clock.now()
      // Recorded by the login's own user write: accepted in the same login, or not at all.
      const agreement = input.agreement && { version: input.agreement.version, acceptedAt: now }
      // Written together with the code's cache entry (one group commit on SQLite).
      const [{ user, isNew }] = await Promise.all([
        store.users.upsertOnLogin({
          appId: app.appId,
          openid: exchange.openid,
          unionid: exchange.unionid ?? verified?.unionid ?? null,
          profile,
          agreement,
          now,
        }),
        exchange.remembered,
      ])
      if (user.status === 'disabled') {
        // The store left the account as it was; the refusal is only audited.
        await store.audit.append({
          at: clock.now(),
          action: 'login_refused',
          actorId: user.id,
          targetId: user.id,
          ip: meta.ip,
          details: { appId: app.appId, reason: 'USER_DISABLED' },
        })
        throw new AppError('USER_DISABLED')
      }
      const [pair] = await Promise.all([
        startSession(user, meta, { isNewUser: isNew }, agreement),
        deps.content.queueTexts(user.id, reviews),
      ])
      return {
        ...pair,
        isNewUser: isNew,
        user: toUser(user),
        agreementRequired: agreementRequired(user, deps.agreementVersion),
      }
    },

    /**
     * Rotation: every refresh token is single-use (one atomic consume). Its successor is derived
     * from it, so presenting the immediate parent again within the grace window returns the same
     * successor (replayDecision). Any other reuse revokes the whole family.
     */
    async refresh(refreshToken: string, meta: RequestMeta): Promise<RefreshResponse> {
      const now = clock.now()
      const hash = hashToken(refreshToken)
      const record = await store.sessions.findRefreshToken(hash)
      const found = record ? await store.sessions.findById(record.sessionId) : null
      const owner = found ? await store.users.findById(found.userId) : null
      const check = checkSession('refresh', found, owner, now)
      if (!check.ok) throw check.error
      const { session, user } = check

      const candidates = deps.refreshKeys.map((key) => successorOf(refreshToken, key))
      let successor = candidates[0]
      if (successor === undefined) throw new AppError('INTERNAL', 'no refresh key configured')
      if (!(await store.sessions.consumeRefreshToken(hash, now))) {
        const [used, ...successors] = await Promise.all([
          store.sessions.findRefreshToken(hash),
          ...candidates.map((c) => store.sessions.findRefreshToken(hashToken(c))),
        ])
        const decision = replayDecision({ usedAt: used?.usedAt ?? null, successors, now })
        if (!decision.replay) return reuseDetected(session, meta)
        successor = candidates[decision.index] ?? successor
      }
      const successorHash = hashToken(successor)
      // Idempotent: the winner and a grace replay may both get here.
      await store.sessions.addRefreshToken({
        hash: successorHash,
        sessionId: session.id,
        userId: user.id,
        createdAt: now,
        expiresAt: session.expiresAt,
      })
      await store.sessions.touch(session.id, now)
      return {
        ...tokenPair(user, session, successor, now),
        user: toUser(user),
        agreementRequired: agreementRequired(user, deps.agreementVersion),
      }
    },

    /**
     * A new session for a user whose identity was proven another way: the admin console's
     * scan-to-login or sign-in link (modules/admin-login). Audited as a `login` with `details`.
     */
    startSessionFor: (user: UserRecord, meta: RequestMeta, details: Record<string, unknown>) =>
      startSession(user, meta, details),

    async logout(session: SessionRecord): Promise<void> {
      await store.sessions.revoke(session.id, 'logout', clock.now())
    },

    async logoutAll(user: UserRecord, meta: RequestMeta): Promise<void> {
      const now = clock.now()
      const revoked = await store.sessions.revokeAllForUser(user.id, 'logout_all', now)
      await store.audit.append({
        at: now,
        action: 'logout_all',
        actorId: user.id,
        targetId: user.id,
        ip: meta.ip,
        details: { revoked },
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
