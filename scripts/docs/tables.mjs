// The parts of docs/ that are generated from the code, so they cannot drift: the endpoint and
// error tables of docs/api.md (from the route table and the error union in @wxlogin/shared), the
// errcode table of docs/wechat.md (from @wxlogin/wechat-wire) and docs/openapi.json.
// `pnpm docs:generate` writes them; apps/server/test/docs.test.ts fails when they are stale.
import { routes } from '../../packages/shared/dist/api/index.js'
import { ERROR_MESSAGES, ERROR_STATUS } from '../../packages/shared/dist/errors.js'
import { buildOpenApiDocument } from '../../packages/shared/dist/openapi/index.js'
import { WX_ENDPOINTS, WX_ERRCODES } from '../../packages/wechat-wire/dist/index.js'

const AUTH = {
  none: 'public',
  bearer: 'signed in',
  admin: 'admin',
  metrics: 'metrics token (if set)',
}
const TAGS = ['auth', 'profile', 'admin', 'operations']

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ')
const row = (cells) => `| ${cells.map(cell).join(' | ')} |`
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n')

/** Every operation of the route table, grouped by tag. */
export function routesTable() {
  const entries = Object.entries(routes)
  const tags = [...TAGS, ...new Set(entries.map(([, r]) => r.tag).filter((t) => !TAGS.includes(t)))]
  return tags
    .map((tag) => {
      const ops = entries.filter(([, r]) => r.tag === tag)
      if (ops.length === 0) return ''
      const rows = ops.map(([name, r]) => [
        `\`${r.method} ${r.path}\``,
        `\`${name}\``,
        AUTH[r.auth],
        r.summary,
      ])
      return `**${tag}**\n\n${table(['endpoint', 'operation', 'who', 'what'], rows)}`
    })
    .filter(Boolean)
    .join('\n\n')
}

/** The closed error union: code, its one status, the default message. */
export function errorsTable() {
  return table(
    ['code', 'status', 'default message'],
    Object.entries(ERROR_STATUS).map(([code, status]) => [
      `\`${code}\``,
      status,
      ERROR_MESSAGES[code],
    ]),
  )
}

const outcome = (o) =>
  [
    `\`${o.error}\``,
    o.action ? `after ${o.action}` : '',
    o.log ? `log: ${o.log}` : '',
    o.retryAfterSeconds ? `Retry-After ${o.retryAfterSeconds}` : '',
  ]
    .filter(Boolean)
    .join(', ')

/** Every WeChat errcode wxlogin handles and what it becomes, per endpoint where it differs. */
export function errcodesTable() {
  const endpointsOf = (errcode) =>
    Object.entries(WX_ENDPOINTS)
      .filter(([, spec]) => spec.errcodes.includes(errcode))
      .map(([name]) => name)
  const rows = Object.entries(WX_ERRCODES)
    .map(([code, entry]) => [Number(code), entry])
    .sort(([a], [b]) => a - b)
    .map(([code, entry]) => [
      code,
      entry.meaning,
      outcome(entry.becomes),
      Object.entries(entry.on ?? {})
        .map(([endpoint, o]) => `${endpoint}: ${outcome(o)}`)
        .join('; '),
      endpointsOf(code).join(', '),
    ])
  return table(['errcode', 'meaning', 'becomes', 'except on', 'from'], rows)
}

export const openapiJson = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`

/** Marked regions of the docs and what fills them. */
export const GENERATED = [
  { file: 'docs/api.md', name: 'routes', render: routesTable },
  { file: 'docs/api.md', name: 'errors', render: errorsTable },
  { file: 'docs/wechat.md', name: 'errcodes', render: errcodesTable },
]

/** `text` with the region `name` replaced by `content` (the markers stay). */
export function fill(text, name, content) {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} region`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}
