import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')

/** What `tsconfig.build.json` compiles into dist: src, minus the tests beside the code. */
async function builtSources(): Promise<string[]> {
  const config = JSON.parse(await readFile(path.join(root, 'tsconfig.build.json'), 'utf8')) as {
    include: string[]
    exclude: string[]
  }
  expect(config).toMatchObject({ include: ['src'], exclude: ['src/**/*.test.ts'] })
  const entries = await readdir(path.join(root, 'src'), { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
}

describe('the build (dist)', () => {
  it('compiles no test code: nothing it compiles imports vitest or test/', async () => {
    const sources = await builtSources()
    expect(sources).toContain(path.join('src', 'main.ts'))
    const offenders: string[] = []
    for (const file of sources) {
      const text = await readFile(path.join(root, file), 'utf8')
      if (/from '(vitest|[./]+\/test\/[^']*)'/.test(text)) offenders.push(file)
    }
    expect(offenders).toEqual([])
  })
})
