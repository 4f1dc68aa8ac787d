import type { AvatarReview } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { WxApp } from '../../config.js'
import type { ContentConfig } from '../../content-config.js'
import type { Profile, UserRecord } from '../../store/store.js'
import type { TextField } from '../../wechat/content-security.js'
import type { WechatClient } from '../../wechat/wechat-client.js'
import { finishVerdict, type VerdictDeps } from './image-verdicts.js'
import { queueItem, type QueuedContent } from './moderation-items.js'
import { userApps } from '../users/user-app.js'

/** What image verdicts need (store, files, clock, logger, metrics), and WeChat. */
export interface ContentDeps extends VerdictDeps {
  wechat: WechatClient
  apps: readonly WxApp[]
  config: ContentConfig
}

/** A text saved but queued for an admin (WeChat said review, or would not judge). */
export type TextReview = Omit<QueuedContent, 'userId' | 'suggest'>

type Judgement =
  | { outcome: 'pass' }
  | { outcome: 'risky'; label: number | null }
  | { outcome: 'review'; review: TextReview }

const TEXT_FIELDS = ['nickname', 'bio'] as const satisfies readonly TextField[]

/** What to store with a new avatar URL, and what to do once it is stored. */
export interface AvatarCheck {
  review: AvatarReview | null
  /** After the profile write: queues an unjudged image, or applies a verdict that came early. */
  committed(userId: string): Promise<void>
}

const UNCHECKED: AvatarCheck = { review: null, committed: () => Promise.resolve() }

/**
 * WeChat content security (docs/content-security.md): profile text is judged synchronously
 * (msgSecCheck), avatars asynchronously (mediaCheckAsync, verdict by message push).
 */
export function createContentService(deps: ContentDeps) {
  const { store, wechat, clock, logger, metrics } = deps
  const on = deps.config.check === 'wechat'
  const appOf = userApps(deps.apps, logger)

  async function judge(
    app: WxApp,
    openid: string,
    kind: TextField,
    text: string,
  ): Promise<Judgement> {
    let verdict
    try {
      verdict = await wechat.checkText(app, openid, kind, text)
    } catch (err) {
      metrics.check(kind, 'error')
      throw err
    }
    if (verdict.kind === 'unchecked') {
      metrics.check(kind, 'unchecked')
      const review = {
        kind,
        content: text,
        label: null,
        reason: 'unchecked',
        traceId: null,
      } as const
      return { outcome: 'review', review }
    }
    metrics.check(kind, verdict.suggest)
    const { suggest, label, traceId } = verdict
    if (suggest === 'pass') return { outcome: 'pass' }
    if (suggest === 'risky') return { outcome: 'risky', label }
    return { outcome: 'review', review: { kind, content: text, label, reason: 'review', traceId } }
  }

  return {
    /**
     * Judges the nickname and bio a profile update would change, before anything is saved: a
     * risky one is 422 CONTENT_RISKY naming the field (the nickname first), WeChat failing is its
     * error (503 when unreachable or busy). Returns the texts to queue once saved.
     */
    async screenUpdate(user: UserRecord, patch: Partial<Profile>): Promise<TextReview[]> {
      if (!on) return []
      const fields = TEXT_FIELDS.filter((f) => {
        const text = patch[f]
        return typeof text === 'string' && text !== '' && text !== user[f]
      })
      if (fields.length === 0) return []
      const app = appOf(user)
      const results = await Promise.allSettled(
        fields.map((f) => judge(app, user.openid, f, patch[f] as string)),
      )
      for (const [i, r] of results.entries()) {
        if (r.status !== 'fulfilled' || r.value.outcome !== 'risky') continue
        const { label } = r.value
        throw new AppError('CONTENT_RISKY', undefined, {
          details: { field: fields[i], ...(label === null ? {} : { label }) },
        })
      }
      const failed = results.find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
      return results.flatMap((r) =>
        r.status === 'fulfilled' && r.value.outcome === 'review' ? [r.value.review] : [],
      )
    },

    /**
     * A login's profile nickname: judged like an update, but a login never fails on its profile
     * (docs/wechat.md, "Profile data since 2022"): a risky nickname is dropped, and so is one WeChat could not judge now (it
     * would otherwise be shown unjudged); the user can set it again from the profile page.
     */
    async screenLogin(
      app: WxApp,
      openid: string,
      profile: Partial<Profile>,
    ): Promise<{ profile: Partial<Profile>; reviews: TextReview[] }> {
      const nickname = profile.nickname
      if (!on || !nickname) return { profile, reviews: [] }
      const { nickname: _dropped, ...rest } = profile
      try {
        const judgement = await judge(app, openid, 'nickname', nickname)
        if (judgement.outcome === 'pass') return { profile, reviews: [] }
        if (judgement.outcome === 'review') return { profile, reviews: [judgement.review] }
        logger.info({ appId: app.appId }, 'login nickname judged risky: dropped')
      } catch (err) {
        logger.warn(
          { err, appId: app.appId },
          'login nickname not checked (WeChat failed): dropped',
        )
      }
      return { profile: rest, reviews: [] }
    },

    /** Queues saved texts for an admin. */
    async queueTexts(userId: string, reviews: readonly TextReview[]): Promise<void> {
      const now = clock.now()
      await Promise.all(reviews.map((r) => queueItem(store, { ...r, userId }, now)))
    },

    /**
     * Sends a new avatar URL to WeChat before it is stored (a failure is WeChat's error, and
     * nothing is stored): `review` goes into the same write as the URL. The check is recorded
     * before that write, so a verdict pushed at once finds it.
     */
    async checkAvatar(user: UserRecord, url: string | null): Promise<AvatarCheck> {
      if (!on || url === null) return UNCHECKED
      let sent
      try {
        sent = await wechat.checkImage(appOf(user), user.openid, url)
      } catch (err) {
        metrics.check('avatar', 'error')
        throw err
      }
      if (sent.kind === 'unchecked') {
        metrics.check('avatar', 'unchecked')
        const item = { kind: 'avatar', content: url, label: null, reason: 'unchecked' } as const
        return {
          review: 'pending',
          committed: async (userId) => {
            await queueItem(store, { ...item, userId, traceId: null }, clock.now())
          },
        }
      }
      const { traceId } = sent
      await store.mediaChecks.add({
        traceId,
        appId: user.appId,
        userId: user.id,
        mediaUrl: url,
        createdAt: clock.now(),
      })
      return {
        review: 'pending',
        // The push may have come between the check and the write, and found nothing to update.
        committed: async () => {
          const check = await store.mediaChecks.findByTraceId(traceId)
          if (check) await finishVerdict(deps, check, true)
        },
      }
    },
  }
}

export type ContentService = ReturnType<typeof createContentService>
