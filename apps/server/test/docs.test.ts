import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// The generators of the docs' generated regions (plain JS, reading the built packages).
import { GENERATED, fill, openapiJson } from '../../../scripts/docs/tables.mjs'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', '--', ...patterns], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && existsSync(path.join(REPO, file)))
const read = (file: string) => readFileSync(path.join(REPO, file), 'utf8')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
const anchorsIn = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1]!.replace(/`/g, ''))))

describe('the documentation', () => {
  it('has its generated parts up to date (run `pnpm docs:generate`)', () => {
    expect(read('docs/openapi.json')).toBe(openapiJson())
    for (const { file, name, render } of GENERATED) {
      const text = read(file)
      expect(fill(text, name, render()), `${file}: ${name}`).toBe(text)
    }
  })

  it('every relative link in a tracked Markdown file resolves (file and #anchor)', () => {
    const broken: string[] = []
    for (const file of tracked('*.md')) {
      const text = read(file).replace(/```[\s\S]*?```/g, '')
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target!)) continue
        const [where, anchor] = target!.split('#') as [string, string | undefined]
        const resolved = where ? path.join(path.dirname(file), where) : file
        if (!existsSync(path.join(REPO, resolved))) broken.push(`${file}: ${target}`)
        else if (anchor && resolved.endsWith('.md') && !anchorsIn(read(resolved)).has(anchor))
          broken.push(`${file}: ${target} (no such heading)`)
      }
    }
    expect(broken).toEqual([])
  })

  it('every Markdown file a source comment cites exists', () => {
    const sources = tracked('apps', 'packages', 'scripts', 'bench', 'examples', '*.mjs').filter(
      (f) => /\.(ts|mts|mjs|vue)$/.test(f),
    )
    expect(sources.length).toBeGreaterThan(100)
    const missing: string[] = []
    for (const file of sources)
      for (const [cited] of read(file).matchAll(/\b[\w./-]*[A-Za-z]\.md\b/g)) {
        const candidates = [path.join(REPO, cited), path.join(REPO, path.dirname(file), cited)]
        if (!candidates.some((c) => existsSync(c))) missing.push(`${file}: ${cited}`)
      }
    expect(missing).toEqual([])
  })

  it('points at nothing outside the repository', () => {
    const outside = tracked()
      .filter((f) => /\.(ts|mts|mjs|vue|md|json|yaml|yml)$/.test(f) && f !== 'pnpm-lock.yaml')
      .filter((f) => /\.\.\/shared\/|shared\/(CONTRACT|WECHAT|STYLE)\.md/.test(read(f)))
    expect(outside).toEqual([])
  })
})
