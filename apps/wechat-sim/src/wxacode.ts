import { WxacodeRequestSchema, type WxErrorReply } from '@wxlogin/wechat-wire'
import QRCode from 'qrcode'
import { wxError } from './wx-error.js'

/** An image answer: the simulator sends these bytes instead of JSON, as WeChat does. */
export interface ImageAnswer {
  image: Buffer
  contentType: 'image/png'
}

export const isImageAnswer = (answer: object): answer is ImageAnswer =>
  'image' in answer && Buffer.isBuffer(answer.image)

/** What a scanner reads from a simulated mini-program code: the page the code opens, and its scene. */
export const wxacodeText = (page: string, scene: string): string =>
  `${page}?scene=${encodeURIComponent(scene)}`

/**
 * getwxacodeunlimit: a real QR code (PNG) whose text is `page?scene=…`, where WeChat would draw
 * its round mini-program code. A scene that is too long or not visible ASCII is 40169, a page
 * with a leading slash or a query is 41030 (WeChat refuses such a page), as JSON errcodes.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html
 */
export async function wxacode(body: Record<string, unknown>): Promise<ImageAnswer | WxErrorReply> {
  const parsed = WxacodeRequestSchema.safeParse(body)
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => i.path[0]))
    if (fields.has('scene')) return wxError(40169)
    if (fields.has('page')) return wxError(41030)
    return wxError(47001, [...fields].join(', '))
  }
  const { scene, page, width } = parsed.data
  const image = await QRCode.toBuffer(wxacodeText(page, scene), {
    type: 'png',
    width: width ?? 430,
    margin: 2,
    errorCorrectionLevel: 'M',
  })
  return { image, contentType: 'image/png' }
}
