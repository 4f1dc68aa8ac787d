import { buildOpenApiDocument } from '@wxlogin/shared/openapi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/** Koa's `/users/:id` as OpenAPI's `/users/{id}`. */
const toOpenApiPath = (koaPath: string) => koaPath.replace(/:(\w+)/g, '{$1}')

// What is served does not depend on the store: one store is enough here.
describe('GET /openapi.json and GET /docs', () => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(storeTargets()[0]!, { PUBLIC_URL: 'https://api.example.com/' })
  })
  afterAll(() => s.close())

  it('serves the OpenAPI 3.1 document generated from the shared schemas', async () => {
    const res = await s.request('GET', '/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body.openapi).toBe('3.1.0')
    expect(res.body).toEqual(buildOpenApiDocument({ serverUrl: 'https://api.example.com' }))
    expect(res.body.paths['/api/auth/wx-login'].post.operationId).toBe('wxLogin')
  })

  it('documents every route the server serves, and serves every documented path', async () => {
    const doc = (await s.request('GET', '/openapi.json')).body
    const served = new Set(s.server.routes.map((r) => `${r.method} ${toOpenApiPath(r.path)}`))
    const documented = new Set(
      Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    )
    expect(
      [...served].filter((r) => !documented.has(r)),
      'served but not in the spec',
    ).toEqual([])
    expect(
      [...documented].filter((r) => !served.has(r)),
      'in the spec but not served',
    ).toEqual([])
    expect(served.size).toBeGreaterThan(10)
  })

  it('GET /docs is a page loading swagger-ui from this server, no CDN', async () => {
    const res = await s.request('GET', '/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = res.body as string
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+/i)
    expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs|googleapis/i)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']),
    )
    for (const asset of assets) {
      const file = await fetch(`${s.url}${asset}`)
      expect(file.status, asset).toBe(200)
      expect(file.headers.get('content-type'), asset).toMatch(
        /^(text\/javascript|text\/css|image\/png)/,
      )
      await file.arrayBuffer()
    }
    const init = await (await fetch(`${s.url}/docs/assets/docs-init.js`)).text()
    expect(init).toContain("url: '/openapi.json'")
  })

  it('serves only the allowlisted docs assets', async () => {
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/..%2Fpackage.json',
      '/docs/assets/swagger-ui.js.map',
    ]) {
      const res = await s.request('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
  })
})
