import type { ErrorCode } from '@wxlogin/shared/errors'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { createContentMetrics, type ContentMetrics } from './content-metrics.js'

/** One WeChat HTTP exchange: `errcode` is WeChat's (0 = ok) or timeout / unreachable / http_5xx / malformed. */
export interface WechatCall {
  endpoint: string
  errcode: string
  seconds: number
}

export type LoginOutcome = 'new' | 'returning' | 'failed'

/** What the auth service reports (metrics/auth-metrics.ts wraps the service with it). */
export interface AuthMetrics {
  login: (outcome: LoginOutcome, code?: ErrorCode) => void
  refreshReuse: () => void
}

export interface Metrics extends AuthMetrics {
  registry: Registry
  request: (labels: { method: string; route: string; status: number }, seconds: number) => void
  wechatCall: (call: WechatCall) => void
  storeError: (code: ErrorCode) => void
  /** Content security: checks, pushes, pending verdicts (content-metrics.ts). */
  content: ContentMetrics
}

// Login needs a WeChat round trip: buckets reach into seconds.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several servers in one process (the tests) do not collide. Labels are bounded sets only: route
 * templates, methods, statuses, endpoint names, errcodes and error codes. Never a user id, code
 * or token.
 */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const httpLabels = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'wxlogin_http_requests_total',
    help: 'HTTP requests by route template (or "unmatched"), method and status.',
    labelNames: httpLabels,
    registers: [registry],
  })
  const requestSeconds = new Histogram({
    name: 'wxlogin_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status.',
    labelNames: httpLabels,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const wechatCalls = new Counter({
    name: 'wxlogin_wechat_requests_total',
    help: 'Calls to the WeChat API by endpoint and errcode (0 ok; timeout, unreachable, http_5xx, malformed).',
    labelNames: ['endpoint', 'errcode'] as const,
    registers: [registry],
  })
  const wechatSeconds = new Histogram({
    name: 'wxlogin_wechat_request_duration_seconds',
    help: 'WeChat API call latency by endpoint.',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const logins = new Counter({
    name: 'wxlogin_logins_total',
    help: 'Sign-ins by outcome (new, returning, failed) and, for failures, the error code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  })
  const reuses = new Counter({
    name: 'wxlogin_refresh_reuse_detected_total',
    help: 'Refresh tokens presented again after rotation (the session family was revoked).',
    registers: [registry],
  })
  const storeErrors = new Counter({
    name: 'wxlogin_store_errors_total',
    help: 'Requests that failed because the database could not be reached, by error code.',
    labelNames: ['code'] as const,
    registers: [registry],
  })

  return {
    registry,
    request: ({ method, route, status }, seconds) => {
      const labels = { method, route, status: String(status) }
      requests.inc(labels)
      requestSeconds.observe(labels, seconds)
    },
    wechatCall: ({ endpoint, errcode, seconds }) => {
      wechatCalls.inc({ endpoint, errcode })
      wechatSeconds.observe({ endpoint }, seconds)
    },
    login: (outcome, code) => {
      logins.inc(code ? { outcome, code } : { outcome })
    },
    refreshReuse: () => {
      reuses.inc()
    },
    storeError: (code) => {
      storeErrors.inc({ code })
    },
    content: createContentMetrics(registry),
  }
}
