import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { png1x1 } from '../support/images.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const PNG = png1x1([255, 0, 0])
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64')
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')

const MiB = 1024 * 1024

describe.each(storeTargets())('POST /api/me/avatar and GET /avatars/:name on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  async function upload(
    token: string | undefined,
    parts: { field?: string; bytes: Buffer; name?: string; type?: string }[],
  ) {
    const form = new FormData()
    for (const p of parts)
      form.append(
        p.field ?? 'file',
        new Blob([p.bytes], { type: p.type ?? 'image/png' }),
        p.name ?? 'avatar.png',
      )
    const res = await fetch(`${s.url}/api/me/avatar`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it.each([
    ['PNG', PNG, 'png', 'image/png'],
    ['JPEG', JPEG, 'jpg', 'image/jpeg'],
    ['WebP', WEBP, 'webp', 'image/webp'],
  ])(
    'accepts a %s, sets it as the avatar, and serves it without a token',
    async (_name, bytes, ext, mime) => {
      const login = await s.login()
      // The declared type and file name are deliberately wrong: only the bytes count.
      const res = await upload(login.accessToken, [
        { bytes, name: 'photo.bin', type: 'application/octet-stream' },
      ])
      expect(res.status).toBe(200)
      const sha = createHash('sha256').update(bytes).digest('hex')
      expect(res.body).toEqual({ avatarUrl: `${s.url}/avatars/${sha}.${ext}` })

      const me = await s.request('GET', '/api/me', { token: login.accessToken })
      expect(me.body.avatarUrl).toBe(res.body.avatarUrl)

      const image = await fetch(res.body.avatarUrl)
      expect(image.status).toBe(200)
      expect(image.headers.get('content-type')).toBe(mime)
      expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(image.headers.get('x-content-type-options')).toBe('nosniff')
      expect(Buffer.from(await image.arrayBuffer())).toEqual(bytes)
    },
  )

  it('the same image gets the same URL (content-addressed), and a revalidation is a 304', async () => {
    const a = await s.login()
    const b = await s.login()
    const first = await upload(a.accessToken, [{ bytes: PNG }])
    const second = await upload(b.accessToken, [{ bytes: PNG }])
    expect(second.body.avatarUrl).toBe(first.body.avatarUrl)
    const etag = (await fetch(first.body.avatarUrl)).headers.get('etag')
    expect(etag).toBeTruthy()
    // What a browser sends to revalidate (fetch() would add `cache-control: no-cache` otherwise).
    const again = await fetch(first.body.avatarUrl, {
      headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' },
    })
    expect(again.status).toBe(304)
  })

  it.each([
    ['a GIF named .png', GIF],
    ['text named .png', Buffer.from('definitely not an image\n')],
    [
      'an SVG named .png',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['an empty file', Buffer.alloc(0)],
  ])('%s → 415 UNSUPPORTED_MEDIA_TYPE, avatar unchanged', async (_name, bytes) => {
    const login = await s.login()
    const res = await upload(login.accessToken, [{ bytes, name: 'avatar.png', type: 'image/png' }])
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(
      (await s.request('GET', '/api/me', { token: login.accessToken })).body.avatarUrl,
    ).toBeNull()
  })

  it('exactly 2 MiB is accepted; one byte more → 413 PAYLOAD_TOO_LARGE', async () => {
    const login = await s.login()
    const pad = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)])
    const atLimit = await upload(login.accessToken, [{ bytes: pad(2 * MiB) }])
    expect(atLimit.status).toBe(200)
    const over = await upload(login.accessToken, [{ bytes: pad(2 * MiB + 1) }])
    expect(over.status).toBe(413)
    expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('no `file` field → 400 VALIDATION_FAILED; a file in another field → 400; two files → 400', async () => {
    const login = await s.login()
    const form = new FormData()
    form.append('note', 'hello')
    const empty = await fetch(`${s.url}/api/me/avatar`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${login.accessToken}` },
    })
    expect(empty.status).toBe(400)
    expect(((await empty.json()) as any).error.code).toBe('VALIDATION_FAILED')

    const other = await upload(login.accessToken, [{ field: 'image', bytes: PNG }])
    expect(other.status).toBe(400)
    expect(other.body.error.code).toBe('VALIDATION_FAILED')

    const two = await upload(login.accessToken, [{ bytes: PNG }, { bytes: PNG }])
    expect(two.status).toBe(400)
    expect(two.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('a JSON body → 415; a truncated multipart body → 400', async () => {
    const login = await s.login()
    const json = await s.request('POST', '/api/me/avatar', {
      token: login.accessToken,
      body: { avatarUrl: 'https://x.test/a.png' },
    })
    expect(json.status).toBe(415)
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')

    const truncated = await s.request('POST', '/api/me/avatar', {
      token: login.accessToken,
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      raw: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
    })
    expect(truncated.status).toBe(400)
    expect(truncated.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('no token → 401 AUTH_REQUIRED', async () => {
    const res = await upload(undefined, [{ bytes: PNG }])
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_REQUIRED')
  })

  it.each([
    ['an unknown hash', `/avatars/${'0'.repeat(64)}.png`],
    ['path traversal', '/avatars/..%2F..%2Fkeys.json'],
    ['a wrong extension', `/avatars/${'0'.repeat(64)}.gif`],
    ['upper-case hex', `/avatars/${'A'.repeat(64)}.png`],
  ])('GET %s → 404 NOT_FOUND (JSON)', async (_name, p) => {
    const res = await s.request('GET', p)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })
})

describe('avatar URLs with PUBLIC_URL', () => {
  const [sqlite] = storeTargets()
  let s: Stack
  beforeAll(async () => {
    s = await startStack(sqlite!, { PUBLIC_URL: 'https://api.example.test/' })
  })
  afterAll(() => s.close())

  it('use the configured public origin', async () => {
    const login = await s.login()
    const form = new FormData()
    form.append('file', new Blob([PNG]), 'a.png')
    const res = await fetch(`${s.url}/api/me/avatar`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${login.accessToken}` },
    })
    const body = (await res.json()) as any
    expect(body.avatarUrl).toMatch(/^https:\/\/api\.example\.test\/avatars\/[0-9a-f]{64}\.png$/)
  })
})
