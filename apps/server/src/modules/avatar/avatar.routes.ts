import Router from '@koa/router'
import type { Middleware } from 'koa'
import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import { authOf, type AppContext, type AppState } from '../../http/context.js'
import type { AvatarService } from './avatar.service.js'
import { singleFileReader } from './single-file-upload.js'

/** CONTRACT.md, "Profile endpoints": ≤ 2 MiB. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024
export const AVATAR_ROUTE_PREFIX = '/avatars'

/**
 * The origin the client reached us at (X-Forwarded-Proto/Host only with TRUST_PROXY). Not
 * `ctx.origin`: since Koa 3 that is the request's Origin header.
 */
const serverOrigin = (ctx: AppContext): string => `${ctx.protocol}://${ctx.host}`

export function avatarRoutes(
  service: AvatarService,
  files: FileStore,
  auth: Middleware<AppState>,
): Router<AppState> {
  const router = new Router<AppState>()
  const readFile = singleFileReader({ field: 'file', maxBytes: AVATAR_MAX_BYTES })

  router.post('/api/me/avatar', auth, async (ctx) => {
    const file = await readFile(ctx)
    ctx.body = await service.upload(authOf(ctx).user, file.bytes, serverOrigin(ctx))
  })

  // Public, no token: the mini-program's <image> cannot send one. The name is the content hash,
  // so the bytes behind a URL never change and can be cached for a year.
  const read = files.read?.bind(files)
  if (read) {
    router.get(`${AVATAR_ROUTE_PREFIX}/:name`, async (ctx) => {
      const file = await read(ctx.params.name ?? '')
      if (!file) throw new AppError('NOT_FOUND')
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin')
      ctx.etag = ctx.params.name ?? ''
      ctx.type = file.contentType
      ctx.status = 200
      if (ctx.fresh) {
        ctx.status = 304
        return
      }
      ctx.body = file.bytes
    })
  }

  return router
}
