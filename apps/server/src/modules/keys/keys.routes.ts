import type { Jwks } from '@wxlogin/shared/dto'
import type { RouteHandlers } from '../../http/handler.js'

/**
 * Verifiers cache the set this long. A new key is published (on standby) before it signs, so
 * a cached set only misses a key when a rotation skips that step; verifiers then fetch again on
 * the unknown kid (docs/tokens.md, "Rotating keys").
 */
const CACHE_CONTROL = 'public, max-age=300'

/** GET /.well-known/jwks.json: the public keys, fixed for the life of the process. */
export function keysHandlers(jwks: Jwks): RouteHandlers<'jwks'> {
  return {
    jwks(_req, ctx) {
      ctx.set('Cache-Control', CACHE_CONTROL)
      return jwks
    },
  }
}
