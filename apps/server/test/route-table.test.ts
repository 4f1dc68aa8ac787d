import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { routes } from '@wxlogin/shared/api'
import { describe, expect, it } from 'vitest'
import type { RouteHandlers } from '../src/http/handler.js'
import { routeTable } from '../src/http/route-table.js'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** Every non-test source file of the apps and packages. */
function sourceFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (/\.(ts|vue|mts)$/.test(name) && !/\.test\.ts$|\.d\.ts$/.test(name)) out.push(full)
    }
  }
  for (const group of ['apps', 'packages'])
    for (const pkg of readdirSync(path.join(REPO, group))) {
      const src = path.join(REPO, group, pkg, 'src')
      if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src)
    }
  return out
}

describe('the route table', () => {
  it('is the only source file that spells an API path', () => {
    const files = sourceFiles().map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    expect(files.length).toBeGreaterThan(50)
    for (const { path: apiPath } of Object.values(routes)) {
      // The path as a string literal, or its fixed prefix before a parameter.
      const literal = apiPath.split('{')[0]!
      // One path may have operations in two feature files (`/api/me`: profile.ts, account.ts),
      // and a prefix may be shared (`/api/admin/users/{id}` and `…/{id}/sessions`): what matters
      // is that no file outside the route table spells one.
      const spelled = files
        .filter(({ text }) => ['"', "'", '`'].some((q) => text.includes(`${q}${literal}`)))
        .map(({ file }) => path.relative(REPO, file))
      expect(spelled.length, apiPath).toBeGreaterThan(0)
      for (const file of spelled)
        expect(file, apiPath).toMatch(/^packages\/shared\/src\/api\/routes\//)
    }
  })

  it('refuses to build without a handler for every route', () => {
    const noop = () => undefined
    const all = Object.fromEntries(Object.keys(routes).map((name) => [name, noop]))
    const options = { auth: { bearer: [], admin: [], metrics: [] } }
    const { getMe: _omitted, ...missingOne } = all
    expect(() =>
      routeTable(missingOne as unknown as RouteHandlers<keyof typeof routes>, options),
    ).toThrow(/getMe has no handler/)
    expect(() =>
      routeTable(
        { ...all, notARoute: noop } as unknown as RouteHandlers<keyof typeof routes>,
        options,
      ),
    ).toThrow(/handlers without a route: notARoute/)
    expect(() =>
      routeTable(all as unknown as RouteHandlers<keyof typeof routes>, options),
    ).not.toThrow()
  })
})
