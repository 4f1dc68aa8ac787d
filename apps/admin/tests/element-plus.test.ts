// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ElLoading } from 'element-plus'
import { describe, expect, it } from 'vitest'
import { USED_COMPONENTS } from '@/element-plus'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return vueFiles(full)
    return entry.name.endsWith('.vue') ? [full] : []
  })
}

const templates = vueFiles(SRC).map((file) => readFileSync(file, 'utf8'))
const pascal = (tag: string) =>
  tag.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())

const kebab = (name: string) =>
  name.replace(/[A-Z]/g, (c, at: number) => `${at ? '-' : ''}${c.toLowerCase()}`)

describe('the Element Plus installer', () => {
  it('registers every <el-…> component the templates use, and nothing else', () => {
    const tags = new Set(
      templates.flatMap((t) => [...t.matchAll(/<(el-[a-z-]+)/g)].map((m) => m[1] ?? '')),
    )
    expect(tags.size).toBeGreaterThan(10)
    const registered = new Set(USED_COMPONENTS.map((c) => (c as { name?: string }).name))
    const missing = [...tags].map(pascal).filter((name) => !registered.has(name))
    expect(missing).toEqual([])
    const unused = [...registered].filter((name) => name && !tags.has(kebab(name)))
    expect(unused).toEqual([])
  })

  it('registers the v-loading directive the templates use', () => {
    expect(templates.some((t) => t.includes('v-loading'))).toBe(true)
    expect(USED_COMPONENTS).toContain(ElLoading)
  })
})
