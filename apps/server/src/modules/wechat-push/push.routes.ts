import type { RouteHandlers } from '../../http/handler.js'
import type { WechatPushService } from './push.service.js'

/** WeChat reads a plain-text answer: `echostr` to verify the URL, `success` for an event. */
export function wechatPushHandlers(
  service: WechatPushService,
): RouteHandlers<'verifyWechatPush' | 'receiveWechatPush'> {
  return {
    verifyWechatPush({ query }, ctx) {
      ctx.type = 'text/plain; charset=utf-8'
      ctx.body = service.verify(query)
    },
    async receiveWechatPush({ query, body }, ctx) {
      await service.receive(query, body)
      ctx.type = 'text/plain; charset=utf-8'
      ctx.body = 'success'
    },
  }
}
