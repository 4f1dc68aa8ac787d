import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import Router from '@koa/router'
import { buildOpenApiDocument } from '@wxlogin/shared/openapi'
import { AppError } from '../../app-error.js'
import type { AppState } from '../../http/context.js'
import { DOCS_CSP, DOCS_HTML, DOCS_INIT_JS } from './docs-page.js'

const swaggerDir = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
)

/** The only files /docs/assets serves: an allowlist, so no path ever reaches the file system. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/** GET /openapi.json (generated once from the shared schemas), GET /docs and its assets. */
export function docsRoutes(options: { publicUrl: string | null }): Router<AppState> {
  const router = new Router<AppState>()
  const document = JSON.stringify(buildOpenApiDocument({ serverUrl: options.publicUrl }))
  const cache = new Map<string, Buffer>()

  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json; charset=utf-8'
    ctx.body = document
  })

  router.get('/docs', (ctx) => {
    ctx.set('Content-Security-Policy', DOCS_CSP)
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = DOCS_HTML
  })

  router.get('/docs/assets/:file', async (ctx) => {
    const file = ctx.params.file ?? ''
    if (file === 'docs-init.js') {
      ctx.type = 'text/javascript; charset=utf-8'
      ctx.body = DOCS_INIT_JS
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
  })

  return router
}
