import type { Middleware } from 'koa'
import type { AppState } from './context.js'

const OVERRIDABLE = new Set(['PATCH', 'PUT', 'DELETE'])

/**
 * WeChat's `wx.request` cannot send PATCH (its methods are OPTIONS, GET, HEAD, POST, PUT, DELETE,
 * TRACE, CONNECT), so the mini-program sends `POST` with `X-HTTP-Method-Override: PATCH`.
 * Only a POST may be overridden, and only to a method with a body semantics we route.
 */
export function methodOverride(): Middleware<AppState> {
  return async (ctx, next) => {
    const wanted = ctx.get('x-http-method-override').toUpperCase()
    if (ctx.method === 'POST' && OVERRIDABLE.has(wanted)) ctx.method = wanted
    await next()
  }
}
