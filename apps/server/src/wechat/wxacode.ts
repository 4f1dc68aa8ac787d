import { WxErrorReplySchema, type WxacodeRequest } from '@wxlogin/wechat-wire'
import { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'
import type { WxImage, WxReply } from './wechat-http.js'
import { wxFailure } from './wx-failure.js'

const ENDPOINT = 'getwxacodeunlimit'

/** A mini-program code: the image bytes and their type (`image/png` or `image/jpeg`). */
export type Wxacode = WxImage

/** What the server asks for: the page and its scene; the rest is WeChat's defaults. */
export type WxacodeInput = Pick<WxacodeRequest, 'scene' | 'page' | 'env_version' | 'check_path'>

/**
 * Reads a getwxacodeunlimit answer: the image on success, else its errcode through the errcode
 * table (41030 a page that is not published, 40169 a bad scene, 45009 the quota). A JSON body
 * that is neither is a malformed reply.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html
 */
export function wxacodeFromReply(reply: WxReply | WxImage, logger: Logger, appId: string): Wxacode {
  if ('image' in reply && Buffer.isBuffer(reply.image)) return reply as WxImage
  const refused = WxErrorReplySchema.safeParse(reply)
  if (refused.success)
    throw wxFailure(ENDPOINT, refused.data.errcode, refused.data.errmsg ?? '', logger, appId)
  logger.error({ endpoint: ENDPOINT, appId }, 'WeChat sent neither an image nor an errcode')
  throw new AppError('WX_UPSTREAM_ERROR')
}
