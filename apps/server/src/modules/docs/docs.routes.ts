import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { buildOpenApiDocument } from '@wxlogin/shared/openapi'
import { AppError } from '../../app-error.js'
import type { RouteHandlers } from '../../http/handler.js'
import { mountPrefix } from '../../http/context.js'
import { DOCS_CSP, docsHtml, docsInitJs } from './docs-page.js'

const swaggerDir = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
)

/** The only files /docs/assets serves: an allowlist, so no path ever reaches the file system. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/** GET /openapi.json (generated once from the route table), GET /docs and its assets. */
export function docsHandlers(options: {
  publicUrl: string | null
}): RouteHandlers<'openapi' | 'docs' | 'docsAsset'> {
  // Built once per mount path (one, unless a host mounts wxlogin twice; bounded all the same).
  // With PUBLIC_URL set, that URL is the server whatever the path (it includes the mount path).
  const documents = new Map<string, string>()
  const documentFor = (prefix: string): string => {
    let document = documents.get(prefix)
    if (document === undefined) {
      const serverUrl = options.publicUrl ?? (prefix || null)
      document = JSON.stringify(buildOpenApiDocument({ serverUrl }))
      if (documents.size < 16) documents.set(prefix, document)
    }
    return document
  }
  const cache = new Map<string, Buffer>()

  return {
    openapi(_req, ctx) {
      ctx.type = 'application/json; charset=utf-8'
      ctx.body = documentFor(mountPrefix(ctx))
    },

    docs(_req, ctx) {
      ctx.set('Content-Security-Policy', DOCS_CSP)
      ctx.type = 'text/html; charset=utf-8'
      ctx.body = docsHtml(mountPrefix(ctx))
    },

    async docsAsset({ params: { file } }, ctx) {
      if (file === 'docs-init.js') {
        ctx.type = 'text/javascript; charset=utf-8'
        ctx.body = docsInitJs(mountPrefix(ctx))
        return
      }
      const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined
      if (!type) throw new AppError('NOT_FOUND')
      ctx.set('Cache-Control', 'public, max-age=86400')
      let content = cache.get(file)
      if (!content) {
        content = await readFile(path.join(swaggerDir, file))
        cache.set(file, content)
      }
      ctx.type = type
      ctx.body = content
    },
  }
}
