import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../../app-error.js'
import type { AppContext } from '../../http/context.js'
import type { RouteHandlers } from '../../http/handler.js'
import { CONSOLE_CSP } from './console-csp.js'

/** apps/admin/dist of this checkout: the same depth below apps/server from src/ and from dist/. */
const DEFAULT_DIR = fileURLToPath(new URL('../../../../admin/dist/', import.meta.url))

/** Where the console's build is read from (ADMIN_CONSOLE_DIR, else this checkout's). */
export const consoleDir = (dir: string | null): string => dir ?? DEFAULT_DIR

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

/** A plain file name: no separators, no dot files, no `..`; nothing else reaches the disk. */
const FILE_NAME = /^[\w-][\w.-]{0,127}$/

const NOT_BUILT =
  'The admin console is not built: run `pnpm --filter @wxlogin/admin build` (npm start does).'

/**
 * GET /admin (the page), /admin/assets/{file} (content-hashed, cached a year) and /admin/{file}
 * (a top-level file of the build, else the page: the console routes in the URL fragment, so any
 * other path is someone typing a URL). The page is never cached, so a new build is picked up at
 * once; it carries the console's CSP. No cookies are set anywhere: the console keeps its tokens
 * in memory and sessionStorage and sends them as bearer tokens, so there is nothing to forge.
 */
export function adminConsoleHandlers(options: {
  dir: string | null
}): RouteHandlers<'adminConsole' | 'adminConsoleAsset' | 'adminConsoleFile'> {
  const dir = consoleDir(options.dir)
  const assets = new Map<string, Buffer>()

  async function page(ctx: AppContext): Promise<void> {
    let html: Buffer
    try {
      html = await readFile(path.join(dir, 'index.html'))
    } catch {
      throw new AppError('NOT_FOUND', NOT_BUILT)
    }
    ctx.set('Content-Security-Policy', CONSOLE_CSP)
    ctx.set('Cache-Control', 'no-store')
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = html
  }

  async function file(ctx: AppContext, name: string, folder: string): Promise<boolean> {
    const type = TYPES[path.extname(name)]
    if (!FILE_NAME.test(name) || !type) return false
    const full = path.join(dir, folder, name)
    let content = assets.get(full)
    if (!content) {
      try {
        content = await readFile(full)
      } catch {
        return false
      }
      assets.set(full, content)
    }
    ctx.type = type
    ctx.body = content
    return true
  }

  return {
    adminConsole: (_req, ctx) => page(ctx),

    async adminConsoleAsset({ params }, ctx) {
      if (!(await file(ctx, params.file, 'assets'))) throw new AppError('NOT_FOUND')
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
    },

    async adminConsoleFile({ params }, ctx) {
      if (params.file === 'index.html' || !(await file(ctx, params.file, ''))) return page(ctx)
      ctx.set('Cache-Control', 'public, max-age=3600')
    },
  }
}
