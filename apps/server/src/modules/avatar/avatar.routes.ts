import { AppError } from '../../app-error.js'
import type { FileStore } from '../../files/file-store.js'
import { mountPrefix, type AppContext } from '../../http/context.js'
import type { RouteHandlers } from '../../http/handler.js'
import type { AvatarService } from './avatar.service.js'

/**
 * The base URL the client reached us at (X-Forwarded-Proto/Host only with TRUST_PROXY), with the
 * path wxlogin is mounted under, if any. Not `ctx.origin`: since Koa 3 that is the request's
 * Origin header.
 */
const serverBase = (ctx: AppContext): string => `${ctx.protocol}://${ctx.host}${mountPrefix(ctx)}`

export function avatarHandlers(
  service: AvatarService,
  files: FileStore,
): RouteHandlers<'uploadAvatar' | 'getAvatar'> {
  return {
    uploadAvatar: ({ auth, body }, ctx) =>
      service.upload(auth.user, body.file.bytes, serverBase(ctx)),

    // Public, no token: the mini-program's <image> cannot send one. The name is the content hash,
    // so the bytes behind a URL never change and can be cached for a year. With an object store
    // (no `read`), the files are not served from here.
    async getAvatar({ params }, ctx) {
      const file = await files.read?.(params.name)
      if (!file) throw new AppError('NOT_FOUND')
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin')
      ctx.etag = params.name
      ctx.type = file.contentType
      ctx.status = 200
      if (ctx.fresh) {
        ctx.status = 304
        return
      }
      ctx.body = file.bytes
    },
  }
}
