import { Counter, Gauge, type Registry } from 'prom-client'

/** What was checked: a profile text field, or an avatar image. */
export type CheckKind = 'nickname' | 'bio' | 'avatar'

/**
 * How a check ended: WeChat's suggest (pass, review, risky); `unchecked` when WeChat would not
 * judge (61010); `no_verdict` when no pushed verdict came in time; `check_failed` when WeChat
 * could not check an image; `error` when the call to WeChat failed.
 */
export type CheckOutcome =
  'pass' | 'review' | 'risky' | 'unchecked' | 'no_verdict' | 'check_failed' | 'error'

/** What became of a request to the message push endpoint. */
export type PushOutcome =
  /** A GET URL check answered. */
  | 'verified'
  /** A verdict settled its check. */
  | 'settled'
  /** A verdict for a check settled already: WeChat retried. */
  | 'duplicate'
  /** A verdict for no check of ours. */
  | 'unknown_trace'
  /** Another event, answered and ignored. */
  | 'ignored'
  | 'bad_signature'
  | 'bad_body'
  /** No push Token for the app (or no such app). */
  | 'not_configured'

export interface ContentMetrics {
  check: (kind: CheckKind, outcome: CheckOutcome) => void
  push: (outcome: PushOutcome) => void
  /** Where the gauges read at scrape time (the store: all instances see the same numbers). */
  watch: (source: { pendingVerdicts(): Promise<number>; openItems(): Promise<number> }) => void
}

export function createContentMetrics(registry: Registry): ContentMetrics {
  const checks = new Counter({
    name: 'wxlogin_content_checks_total',
    help: 'Content-security checks by kind (nickname, bio, avatar) and outcome (WeChat suggest pass/review/risky, unchecked, no_verdict, check_failed, error).',
    labelNames: ['kind', 'suggest'] as const,
    registers: [registry],
  })
  const pushes = new Counter({
    name: 'wxlogin_wechat_pushes_total',
    help: 'Requests to the WeChat message push endpoint by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  let source: Parameters<ContentMetrics['watch']>[0] | null = null
  // A store that does not answer leaves the last value: a scrape never fails on it.
  const read = async (gauge: Gauge, value: () => Promise<number>) => {
    try {
      gauge.set(await value())
    } catch {
      // keep the last value
    }
  }
  new Gauge({
    name: 'wxlogin_content_verdicts_pending',
    help: 'Avatar checks sent to WeChat whose verdict has not arrived (nor timed out).',
    registers: [registry],
    async collect() {
      if (source) await read(this, () => source!.pendingVerdicts())
    },
  })
  new Gauge({
    name: 'wxlogin_moderation_open',
    help: 'Moderation items waiting for an admin.',
    registers: [registry],
    async collect() {
      if (source) await read(this, () => source!.openItems())
    },
  })
  return {
    check: (kind, outcome) => void checks.inc({ kind, suggest: outcome }),
    push: (outcome) => void pushes.inc({ outcome }),
    watch: (s) => void (source = s),
  }
}
