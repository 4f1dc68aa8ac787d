import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { sniffImage } from './image-type.js'

function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const body = Buffer.concat([Buffer.from('IHDR'), ihdr])
  const frame = Buffer.alloc(8)
  frame.writeUInt32BE(13, 0)
  frame.writeUInt32BE(crc32(body), 4)
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    frame.subarray(0, 4),
    body,
    frame.subarray(4),
  ])
}

describe('sniffImage', () => {
  it('reports the size the header declares', async () => {
    expect(await sniffImage(pngHeader(50000, 3))).toEqual({
      ext: 'png',
      mime: 'image/png',
      width: 50000,
      height: 3,
    })
  })

  it('a header cut short is null, even inside a larger pooled buffer (no read past the view)', async () => {
    const pool = Buffer.concat([pngHeader(1, 1).subarray(0, 20), Buffer.alloc(64, 0xab)])
    expect(await sniffImage(pool.subarray(0, 20))).toBeNull()
  })

  it('a zero width is null', async () => {
    expect(await sniffImage(pngHeader(0, 10))).toBeNull()
  })

  it('a JPEG without a frame header in its first 256 KiB is null, and the scan stays short', async () => {
    const bytes = Buffer.alloc(8 * 1024 * 1024) // unbounded, the scan took ~2 s
    bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 0)
    bytes.write('JFIF\0', 6, 'latin1')
    const started = performance.now()
    expect(await sniffImage(bytes)).toBeNull()
    expect(performance.now() - started).toBeLessThan(500)
  })
})
