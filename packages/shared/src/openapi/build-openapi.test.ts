import { describe, expect, it } from 'vitest'
import { ERROR_STATUS } from '../errors.js'
import { buildOpenApiDocument } from './build-openapi.js'
import { routes } from '../api/routes/index.js'

const doc = buildOpenApiDocument() as any

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v)
      else refsIn(v, found)
    }
  }
  return found
}

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3.1 and the same every time', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc))
  })

  it('has every operation of the route table, by its name', () => {
    for (const [name, route] of Object.entries(routes))
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(name)
    const documented = Object.values<any>(doc.paths).flatMap((item) => Object.keys(item))
    expect(documented).toHaveLength(Object.keys(routes).length)
  })

  it('resolves every $ref inside the document', () => {
    for (const ref of refsIn(doc)) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((node, key) => node?.[key], doc)
      expect(target, ref).toBeDefined()
    }
  })

  it('renders the login request from the zod schema (limits included)', () => {
    const login = doc.components.schemas.WxLoginRequest
    expect(login.required).toEqual(['code'])
    expect(login.properties.code).toMatchObject({ type: 'string', minLength: 1, maxLength: 128 })
    expect(
      doc.paths['/api/auth/wx-login'].post.requestBody.content['application/json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/WxLoginRequest',
    })
  })

  it('lists error responses by the status table, each code under its one status', () => {
    const responses = doc.paths['/api/me'].get.responses
    expect(
      responses['401'].content['application/json'].schema.properties.error.properties.code.enum,
    ).toEqual(['AUTH_REQUIRED', 'AUTH_TOKEN_EXPIRED', 'AUTH_TOKEN_INVALID'])
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const op of Object.values<any>(item)) {
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (Number(status) < 400) continue
          const codes: string[] =
            response.content['application/json'].schema.properties.error.properties.code.enum
          for (const code of codes)
            expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], `${path} ${code}`).toBe(
              Number(status),
            )
        }
      }
    }
  })

  it('marks protected operations with bearer security and admin ones with the role', () => {
    expect(doc.paths['/api/me'].get.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/api/admin/users'].get['x-required-role']).toBe('admin')
    expect(doc.paths['/api/auth/wx-login'].post.security).toEqual([])
    expect(doc.paths['/api/admin/users/{id}'].get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ])
  })

  it('names the public URL as the server when given, else the serving origin', () => {
    expect(doc.servers).toEqual([{ url: '/', description: 'The server serving this document' }])
    expect(buildOpenApiDocument({ serverUrl: 'https://api.example.com' }).servers).toEqual([
      { url: 'https://api.example.com' },
    ])
  })
})
