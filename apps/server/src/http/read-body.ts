import { bodyParser } from '@koa/bodyparser'
import type { BodyEncoding, RouteSpec } from '@wxlogin/shared/api'
import type { Middleware } from 'koa'
import { AppError } from '../app-error.js'
import type { AppContext, AppState } from './context.js'
import { readSingleFile, type UploadedFile } from './single-file-upload.js'
import { parseWith } from './validate.js'

export type { UploadedFile }

/** CONTRACT: JSON bodies up to 64 KiB unless a route allows more. */
const DEFAULT_MAX_BYTES = 64 * 1024
/** The multipart field of an upload route (the contract's `file`). */
const FILE_FIELD = 'file'

type ParsedEncoding = Exclude<BodyEncoding, 'multipart'>

/** The media types a route's encoding accepts, in `ctx.request.is` terms; null: any. */
const ACCEPTS: Record<ParsedEncoding, string[] | null> = {
  json: ['json'],
  'json-or-form': ['json', 'urlencoded'],
  'json-any-type': null,
}

const parsers = new Map<string, Middleware<AppState>>()
function parserFor(encoding: ParsedEncoding, maxBytes: number): Middleware<AppState> {
  const key = `${encoding}:${maxBytes}`
  let parser = parsers.get(key)
  if (!parser) {
    parser = bodyParser({
      enableTypes: encoding === 'json-or-form' ? ['json', 'form'] : ['json'],
      // WeChat labels its JSON pushes text/xml (tencentyun/wafer2-startup#104): read JSON anyway.
      detectJSON: encoding === 'json-any-type' ? () => true : undefined,
      jsonLimit: maxBytes,
      formLimit: maxBytes,
      // DELETE carries a body in this API (account deletion re-authenticates with a code).
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    }) as Middleware<AppState>
    parsers.set(key, parser)
  }
  return parser
}

/**
 * Reads and validates the body a route declares, and only that: a route without a body never
 * reads one; a JSON route refuses any other media type whether the body has a Content-Length or
 * arrives chunked (415); only a route declared `json-or-form` parses forms; a `json-any-type`
 * route reads JSON whatever the Content-Type says.
 */
export async function readBody(ctx: AppContext, spec: RouteSpec): Promise<unknown> {
  if (!spec.body) return undefined
  const encoding = spec.bodyEncoding ?? 'json'
  const maxBytes = spec.maxBodyBytes ?? DEFAULT_MAX_BYTES
  if (encoding === 'multipart') {
    const file: UploadedFile = await readSingleFile(ctx, { field: FILE_FIELD, maxBytes })
    return { file }
  }
  // No body at all (`is` answers null) or an empty one: the schema then names what is missing.
  const empty = ctx.get('content-length') === '0'
  const accepted = ACCEPTS[encoding]
  if (!empty && accepted && ctx.request.is(...accepted) === false)
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      encoding === 'json' ? 'Send application/json.' : 'Send JSON or a urlencoded form.',
    )
  await parserFor(encoding, maxBytes)(ctx, () => Promise.resolve())
  return parseWith(spec.body, ctx.request.body ?? {})
}
