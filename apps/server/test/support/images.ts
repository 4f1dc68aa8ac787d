import { crc32, deflateSync } from 'node:zlib'

// Tiny real images (each decodes to 1×1 in Chromium): the PNG is built here, chunk by chunk.
/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid 1×1 PNG of one colour: different colours, different bytes (and avatar URLs). */
export function png1x1(rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0) // width
  header.writeUInt32BE(1, 4) // height
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: truecolour
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

let next = 0
/** A PNG no other call in this process returned. */
export const uniquePng = (): Buffer => {
  next++
  return png1x1([next & 0xff, (next >> 8) & 0xff, 0x5a])
}

/** Posts one avatar file as the mini-program's uploadFile does. */
export async function uploadAvatar(
  baseUrl: string,
  token: string,
  bytes: Buffer,
): Promise<{ status: number; headers: Headers; body: any }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'avatar.png')
  const res = await fetch(`${baseUrl}/api/me/avatar`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}
