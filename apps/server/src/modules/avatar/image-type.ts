import { fileTypeFromBuffer } from 'file-type'

export interface ImageType {
  /** The key extension: `png`, `jpg` or `webp`. */
  ext: 'png' | 'jpg' | 'webp'
  mime: 'image/png' | 'image/jpeg' | 'image/webp'
}

const ACCEPTED: Record<string, ImageType> = {
  'image/png': { ext: 'png', mime: 'image/png' },
  'image/jpeg': { ext: 'jpg', mime: 'image/jpeg' },
  'image/webp': { ext: 'webp', mime: 'image/webp' },
}

/**
 * What the bytes are, by their magic numbers (file-type), never by the file name or the
 * client's Content-Type, which the uploader controls. Null for anything but PNG, JPEG or WebP
 * (an animated PNG is still a PNG; file-type reports it as image/apng).
 */
export async function sniffImage(bytes: Uint8Array): Promise<ImageType | null> {
  const detected = await fileTypeFromBuffer(bytes)
  if (!detected) return null
  return ACCEPTED[detected.mime === 'image/apng' ? 'image/png' : detected.mime] ?? null
}
