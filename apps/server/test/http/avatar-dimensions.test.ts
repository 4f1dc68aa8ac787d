import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pngChunk, uploadAvatar } from '../support/images.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * Issue 12, item 5: decompression bombs. Each file below is about a kilobyte, well-formed up to
 * its header, and declares a canvas a decoder would allocate gigabytes for. They were stored and
 * served publicly; now the header's size is read and anything over 4096×4096 is refused.
 */
/** A greyscale 1-bit PNG of the given size whose image data is the first ~1 KB of zero rows. */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 1 // bit depth
  header[9] = 0 // colour type: greyscale
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}
/** A baseline 1×1 JPEG with its frame header (SOF2) rewritten to the given size. */
function jpeg(width: number, height: number): Buffer {
  const bytes = Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  )
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc2]))
  bytes.writeUInt16BE(height, sof + 5)
  bytes.writeUInt16BE(width, sof + 7)
  return bytes
}
/** An extended WebP (VP8X: a 24-bit canvas size) around a 1×1 lossless image. */
function webp(width: number, height: number): Buffer {
  const vp8x = Buffer.alloc(10)
  vp8x.writeUIntLE(width - 1, 4, 3)
  vp8x.writeUIntLE(height - 1, 7, 3)
  const vp8l = Buffer.from('VlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64') // 'VP8L' chunk
  const chunks = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), vp8x, vp8l])
  const size = Buffer.alloc(4)
  size.writeUInt32LE(4 + chunks.length)
  return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunks])
}

describe.each(storeTargets())(
  'POST /api/me/avatar with a decompression bomb on $name',
  (target) => {
    let s: Stack
    beforeAll(async () => {
      s = await startStack(target)
    })
    afterAll(() => s.close())

    const upload = (token: string, bytes: Buffer) => uploadAvatar(s.url, token, bytes)
    const avatarOf = async (token: string) =>
      (await s.request('GET', '/api/me', { token })).body.avatarUrl as string | null

    it.each([
      ['PNG', png(50000, 50000), 'png'],
      ['JPEG', jpeg(50000, 50000), 'jpg'],
      ['WebP', webp(50000, 50000), 'webp'],
    ])(
      'a 1 KB %s declaring 50000×50000 pixels → 400 VALIDATION_FAILED, not stored, not served',
      async (_name, bytes, ext) => {
        expect(bytes.length).toBeLessThan(2048)
        const login = await s.login()
        const res = await upload(login.accessToken, bytes)
        expect(res.status).toBe(400)
        expect(res.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          message: 'The avatar is 50000×50000 pixels; at most 4096×4096 is accepted.',
          requestId: expect.any(String),
          details: { fieldErrors: { file: [expect.stringContaining('50000×50000')] } },
        })
        expect(await avatarOf(login.accessToken)).toBeNull()
        const sha = createHash('sha256').update(bytes).digest('hex')
        expect((await s.request('GET', `/avatars/${sha}.${ext}`)).status).toBe(404)
      },
    )

    it.each([
      ['4096×4096 PNG is accepted', png(4096, 4096), 200],
      ['4096×4096 JPEG is accepted', jpeg(4096, 4096), 200],
      ['4096×4096 WebP is accepted', webp(4096, 4096), 200],
      ['4097×1 PNG is refused', png(4097, 1), 400],
      ['1×4097 JPEG is refused', jpeg(1, 4097), 400],
      ['4096×4097 WebP is refused', webp(4096, 4097), 400],
    ])('the bound is per side: %s', async (_name, bytes, status) => {
      const login = await s.login()
      expect((await upload(login.accessToken, bytes)).status).toBe(status)
    })

    it('a PNG whose header is cut short (size unreadable) → 415, not stored', async () => {
      const login = await s.login()
      const cut = png(1, 1).subarray(0, 20)
      const res = await upload(login.accessToken, cut)
      expect(res.status).toBe(415)
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
      expect(await avatarOf(login.accessToken)).toBeNull()
    })
  },
)
