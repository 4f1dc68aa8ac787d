import { z } from 'zod'

const param = z.string().max(128)

/**
 * The query of WeChat's message push (消息推送) to this server: the URL check (GET, with
 * `echostr`) and every pushed event (POST; `encrypt_type=aes` and `msg_signature` in safe mode).
 * `appId` is ours: with several mini-programs, each one's push URL names it. Missing signatures
 * are a 401, not a 400, so every field is optional here.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 */
export const WechatPushQuery = z.object({
  signature: param.optional(),
  timestamp: param.optional(),
  nonce: param.optional(),
  echostr: z.string().max(512).optional(),
  encrypt_type: param.optional(),
  msg_signature: param.optional(),
  openid: param.optional(),
  appId: z.string().min(1).max(64).optional(),
})
export type WechatPushQuery = z.infer<typeof WechatPushQuery>

/**
 * A pushed event, as JSON (the "数据格式: JSON" setting): in safe mode `{ ToUserName, Encrypt }`,
 * in plaintext mode the event itself. Read whatever its Content-Type: WeChat sends JSON pushes
 * labelled `text/xml` (tencentyun/wafer2-startup#104).
 */
export const WechatPushBody = z.record(z.string(), z.unknown())
export type WechatPushBody = z.infer<typeof WechatPushBody>
