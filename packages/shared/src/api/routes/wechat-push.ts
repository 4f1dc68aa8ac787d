import { WechatPushBody, WechatPushQuery } from '../../dto/index.js'
import { raw, route } from '../route.js'

/**
 * WeChat's message push (消息推送) to this server: where the verdicts of image checks arrive.
 * Configured in the MP console (开发管理 → 消息推送) with this URL, the Token (`WX_PUSH_TOKEN`)
 * and, for safe mode, the EncodingAESKey (`WX_PUSH_AES_KEY`); data format JSON.
 */
export const wechatPushRoutes = {
  verifyWechatPush: route({
    method: 'GET',
    path: '/api/wechat/push',
    tag: 'wechat',
    summary: 'URL verification by WeChat',
    description:
      'Answers `echostr` as text/plain when `signature` = sha1 of the sorted Token, `timestamp` and `nonce`; 401 otherwise. `appId` selects the mini-program when several are configured.',
    auth: 'none',
    query: WechatPushQuery,
    reply: raw('text/plain', 'The `echostr` WeChat sent.'),
    errors: ['AUTH_TOKEN_INVALID', 'NOT_FOUND'],
  }),
  receiveWechatPush: route({
    method: 'POST',
    path: '/api/wechat/push',
    tag: 'wechat',
    summary: 'A pushed event (JSON; safe mode encrypted)',
    description:
      'Plaintext mode: signed by `signature`. Safe mode: `{ ToUserName, Encrypt }` signed by `msg_signature` (sha1 of the sorted Token, `timestamp`, `nonce` and `Encrypt`), AES-256-CBC with the EncodingAESKey. `wxa_media_check` events settle the image check with that `trace_id` (idempotently: WeChat retries); other events are ignored. Answers `success`. A bad signature is 401 and a bad body 400; neither changes anything.',
    auth: 'none',
    query: WechatPushQuery,
    body: WechatPushBody,
    bodyEncoding: 'json-any-type',
    reply: raw('text/plain', '`success`'),
    errors: ['AUTH_TOKEN_INVALID', 'NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
}
