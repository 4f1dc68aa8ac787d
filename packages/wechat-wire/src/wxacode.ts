import { z } from 'zod'

/**
 * `POST /wxa/getwxacodeunlimit?access_token=…`: a mini-program code (for scan-to-login). Unlimited
 * in count, 5,000 a minute. `scene` reaches the opened page as `options.scene`, URL-encoded.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html
 */
export const WxacodeRequestSchema = z.object({
  /** At most 32 visible characters: letters, digits and !#$&'()*+,/:;=?@-._~ (else 40169). */
  scene: z.string().regex(/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/),
  /** A published page, without a leading slash or a query (else 41030 when check_path). */
  page: z.string().regex(/^[^/?][^?]*$/),
  check_path: z.boolean().optional(),
  env_version: z.enum(['release', 'trial', 'develop']).optional(),
  /** Pixels, 280..1280 (default 430). */
  width: z.number().int().min(280).max(1280).optional(),
})
export type WxacodeRequest = z.infer<typeof WxacodeRequestSchema>

/**
 * The success reply is the image itself, not JSON; a failure is a JSON `{ errcode, errmsg }` body
 * (WxErrorReplySchema). Tell them apart by the content type.
 */
export const WXACODE_IMAGE_TYPES = ['image/jpeg', 'image/png'] as const
