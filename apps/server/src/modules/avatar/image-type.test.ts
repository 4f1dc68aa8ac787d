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

  /** A JPEG whose frame header (SOF0, 100×80) follows `padding` bytes of APP1 segments. */
  function jpegWithFrameAfter(padding: number): Buffer {
    const segments: Buffer[] = [Buffer.from([0xff, 0xd8])]
    for (let left = padding; left > 0; left -= 60_000) {
      const size = Math.min(60_000, left)
      const segment = Buffer.alloc(4 + size)
      segment.set([0xff, 0xe1], 0)
      segment.writeUInt16BE(size + 2, 2)
      segments.push(segment)
    }
    const sof = Buffer.from([
      0xff, 0xc0, 0, 17, 8, 0, 80, 0, 100, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    ])
    return Buffer.concat([...segments, sof, Buffer.from([0xff, 0xd9])])
  }

  it('finds a JPEG frame header within the first 256 KiB', async () => {
    expect(await sniffImage(jpegWithFrameAfter(100 * 1024))).toMatchObject({
      ext: 'jpg',
      width: 100,
      height: 80,
    })
  })

  it('does not scan past 256 KiB for a JPEG frame header (a crafted file cannot make it walk 2 MiB)', async () => {
    expect(await sniffImage(jpegWithFrameAfter(300 * 1024))).toBeNull()
  })
})
