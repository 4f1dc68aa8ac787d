import cors from '@koa/cors'
import type { Middleware } from 'koa'
import { isLoopbackUrl, type Config } from '../config.js'
import type { AppState } from './context.js'

/** Headers every response carries: no sniffing, no framing, no referrer leakage, HSTS over TLS. */
export function securityHeaders(): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    })
    // ctx.secure honours X-Forwarded-Proto only with TRUST_PROXY (Koa's app.proxy).
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    await next()
  }
}

/**
 * CORS from the CORS_ORIGINS allowlist. Empty means: loopback origins outside production (the
 * H5 dev server), none in production. `*` is honoured only outside production.
 */
export function corsPolicy(config: Pick<Config, 'corsOrigins' | 'env'>): Middleware<AppState> {
  const allowed = new Set(config.corsOrigins)
  const production = config.env === 'production'
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin')
      if (!origin) return ''
      if (allowed.has(origin)) return origin
      if (!production && (allowed.has('*') || (allowed.size === 0 && isLoopbackUrl(origin))))
        return origin
      return ''
    },
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'x-request-id', 'x-http-method-override'],
    exposeHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  })
}
