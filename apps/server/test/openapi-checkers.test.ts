import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import SwaggerParser from '@apidevtools/swagger-parser'
import openapiTS, { astToString } from 'openapi-typescript'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'
import { storeTargets } from './support/stores.js'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const COMMITTED = path.join(REPO, 'docs', 'openapi.json')

/** A program a team without @wxlogin/shared would write against the generated types. */
const PROGRAM = `
import type { paths } from './api'

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: infer R }
    ? R extends Record<S, { content: { 'application/json': infer B } }> ? B : never
    : never

type Login = Json<'/api/auth/wx-login', 'post', 200>
type Me = Json<'/api/me', 'get', 200>
type Unauthorized = Json<'/api/me', 'get', 401>
type LoginBody = paths['/api/auth/wx-login']['post']['requestBody']['content']['application/json']

export const body: LoginBody = { code: '0a1b2c', profile: { nickName: '小明' } }
export const nickname = (me: Me): string | null => me.nickname
export const token = (login: Login): string => login.accessToken
export const code = (e: Unauthorized): 'AUTH_REQUIRED' | 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_INVALID' =>
  e.error.code
// @ts-expect-error -- the login body requires a code
export const bad: LoginBody = { profile: {} }
`

// What is served does not depend on the store: one store is enough here.
describe('the served OpenAPI document, checked by the tools others would use', () => {
  let s: Stack
  let doc: Record<string, any>
  beforeAll(async () => {
    s = await startStack(storeTargets()[0]!)
    doc = (await s.request('GET', '/openapi.json')).body
  })
  afterAll(() => s.close())

  it('is the committed docs/openapi.json (run `pnpm docs:generate` after changing a route)', async () => {
    expect(doc).toEqual(JSON.parse(await readFile(COMMITTED, 'utf8')))
  })

  it('validates with @apidevtools/swagger-parser as OpenAPI 3.1', async () => {
    const api = await SwaggerParser.validate(structuredClone(doc) as never)
    expect((api as { openapi: string }).openapi).toBe('3.1.0')
    expect(Object.keys(api.paths ?? {}).length).toBeGreaterThanOrEqual(19)
  })

  it("lints clean with Redocly CLI's recommended rules (exceptions listed with reasons)", () => {
    const redocly = path.join(REPO, 'apps/server/node_modules/.bin/redocly')
    const res = spawnSync(redocly, ['lint', 'docs/openapi.json', '--format', 'json'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    })
    const report = JSON.parse(res.stdout) as {
      totals: { errors: number; warnings: number; ignored: number }
      problems: { ruleId: string; message: string }[]
    }
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
    expect(res.status).toBe(0)
  })

  it('generates a TypeScript client with openapi-typescript that a program compiles against', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-openapi-ts-'))
    try {
      await writeFile(path.join(dir, 'api.d.ts'), astToString(await openapiTS(doc as never)))
      await writeFile(path.join(dir, 'program.ts'), PROGRAM)
      const program = ts.createProgram([path.join(dir, 'program.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
      })
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      expect(problems).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
