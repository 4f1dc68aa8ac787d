import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'

export interface ImageType {
  /** The key extension: `png`, `jpg` or `webp`. */
  ext: 'png' | 'jpg' | 'webp'
  mime: 'image/png' | 'image/jpeg' | 'image/webp'
}

/** An accepted image and the pixel size its header declares (what a decoder would allocate). */
export interface SniffedImage extends ImageType {
  width: number
  height: number
}

const ACCEPTED: Record<string, ImageType> = {
  'image/png': { ext: 'png', mime: 'image/png' },
  'image/jpeg': { ext: 'jpg', mime: 'image/jpeg' },
  'image/webp': { ext: 'webp', mime: 'image/webp' },
}

/**
 * How far into the file the dimensions are looked for. PNG and WebP have them in the first 30
 * bytes; a JPEG has its frame header after the APPn segments (EXIF is at most 64 KiB). The
 * bound also caps the time image-size's JPEG marker scan can take on crafted bytes (it skips
 * garbage one byte at a time: about 0.5 s for 2 MiB, ~50 ms for this window).
 */
const HEADER_WINDOW = 256 * 1024

function dimensionsOf(bytes: Uint8Array): { width: number; height: number } | null {
  // A copy, not a view: image-size reads through a DataView on the underlying ArrayBuffer, so on
  // a view into a pooled buffer (multer's) a header cut short was read on into whatever bytes
  // follow it in the pool. On an exactly-sized copy that read throws instead.
  const header = new Uint8Array(bytes.subarray(0, HEADER_WINDOW))
  try {
    const { width, height } = imageSize(header)
    return width > 0 && height > 0 ? { width, height } : null
  } catch {
    return null // a truncated or corrupt header: image-size throws TypeError/RangeError
  }
}

/**
 * What the bytes are, by their magic numbers (file-type), never by the file name or the
 * client's Content-Type, which the uploader controls, and the width and height its header
 * declares (image-size, pure JS, reads PNG, JPEG and WebP headers without decoding). Null for
 * anything but PNG, JPEG or WebP (an animated PNG is still a PNG; file-type reports it as
 * image/apng), or when the header's size cannot be read.
 */
export async function sniffImage(bytes: Uint8Array): Promise<SniffedImage | null> {
  const detected = await fileTypeFromBuffer(bytes)
  if (!detected) return null
  const type = ACCEPTED[detected.mime === 'image/apng' ? 'image/png' : detected.mime]
  const size = type ? dimensionsOf(bytes) : null
  return type && size ? { ...type, ...size } : null
}
