import type { IncomingMessage, ServerResponse } from 'node:http'
import { WX_ENDPOINTS, WxErrorReplySchema, type WxErrorReply } from '@wxlogin/wechat-wire'
import { readJson, sendJson, sendStatusPage } from './http-io.js'
import type { SimContext } from './sim-context.js'
import { ENDPOINTS, type Endpoint } from './types.js'
import type { WechatApi } from './wechat-api.js'
import { wxError } from './wx-error.js'
import { isImageAnswer, wxacode } from './wxacode.js'

const JSON_TYPE = 'application/json; charset=utf-8'
// The real jscode2session answers `text/plain` although the body is JSON, which breaks clients
// that pick a parser from the content type (Spring's RestTemplate, "no suitable
// HttpMessageConverter ... [text/plain]"). The simulator does the same so such a client fails here.
const CODE2SESSION_TYPE = 'text/plain'

interface Answer {
  contentType: string
  /** A JSON reply, or (getwxacodeunlimit) an image answer, sent as bytes. */
  answer(
    api: WechatApi,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): object | Promise<object>
}

interface WechatRoute extends Answer {
  endpoint: Endpoint
  method: 'GET' | 'POST'
}

function param(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined
}

/** How each endpoint answers; its path and method come from @wxlogin/wechat-wire. */
const ANSWERS: Record<Endpoint, Answer> = {
  jscode2session: {
    contentType: CODE2SESSION_TYPE,
    answer: (api, q) =>
      api.jscode2session({
        appid: param(q, 'appid'),
        secret: param(q, 'secret'),
        js_code: param(q, 'js_code'),
        grant_type: param(q, 'grant_type'),
      }),
  },
  stable_token: { contentType: JSON_TYPE, answer: (api, _q, body) => api.stableToken(body) },
  token: {
    contentType: JSON_TYPE,
    answer: (api, q) =>
      api.token({
        appid: param(q, 'appid'),
        secret: param(q, 'secret'),
        grant_type: param(q, 'grant_type'),
      }),
  },
  getuserphonenumber: {
    contentType: JSON_TYPE,
    answer: (api, q, body) => api.getUserPhoneNumber(param(q, 'access_token'), body),
  },
  checksession: {
    contentType: JSON_TYPE,
    answer: (api, q) =>
      api.checkSession({
        access_token: param(q, 'access_token'),
        openid: param(q, 'openid'),
        signature: param(q, 'signature'),
        sig_method: param(q, 'sig_method'),
      }),
  },
  getwxacodeunlimit: {
    contentType: JSON_TYPE,
    answer: (api, q, body) => api.checkAccessToken(param(q, 'access_token')) ?? wxacode(body),
  },
  msg_sec_check: {
    contentType: JSON_TYPE,
    answer: (api, q, body) => api.msgSecCheck(param(q, 'access_token'), body),
  },
  media_check_async: {
    contentType: JSON_TYPE,
    answer: (api, q, body) => api.mediaCheckAsync(param(q, 'access_token'), body),
  },
}

/** The WeChat-shaped endpoints by path. */
export const WECHAT_ROUTES: ReadonlyMap<string, WechatRoute> = new Map(
  ENDPOINTS.map((endpoint) => {
    const { path, method } = WX_ENDPOINTS[endpoint]
    return [path, { endpoint, method, ...ANSWERS[endpoint] }]
  }),
)

type WechatBody = { ok: true; fields: Record<string, unknown> } | { ok: false; error: WxErrorReply }

async function readWechatBody(route: WechatRoute, req: IncomingMessage): Promise<WechatBody> {
  if (req.method !== route.method) {
    return { ok: false, error: wxError(route.method === 'POST' ? 43002 : 43001) }
  }
  if (route.method === 'GET') return { ok: true, fields: {} }
  const read = await readJson(req)
  if (!read.ok) return { ok: false, error: wxError(read.reason === 'empty' ? 44002 : 47001) }
  const value = read.value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: wxError(47001) }
  }
  return { ok: true, fields: value as Record<string, unknown> }
}

/**
 * Every reply is checked against the schema the server reads it with: a simulator that drifts
 * from @wxlogin/wechat-wire fails (a 500 here, so every test through it fails) instead of
 * teaching the server a shape WeChat does not send.
 */
function checked(endpoint: Endpoint, reply: object): object {
  const { errcode } = reply as { errcode?: unknown }
  const failed = errcode !== undefined && errcode !== 0
  const schema = failed ? WxErrorReplySchema : WX_ENDPOINTS[endpoint].reply
  // An endpoint without a JSON success (getwxacodeunlimit) only ever sends JSON to refuse.
  ;(schema ?? WxErrorReplySchema).parse(reply)
  return reply
}

/**
 * Answers one WeChat-shaped call. Every call counts in the stats, faulted ones included. Errors
 * are HTTP 200 with `{ errcode, errmsg }`, as WeChat's are; only an injected `httpStatus` differs.
 */
export async function handleWechat(
  ctx: SimContext,
  route: WechatRoute,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  ctx.calls[route.endpoint] += 1
  const fault = ctx.faults.take(route.endpoint)
  const body = await readWechatBody(route, req)
  if (fault !== undefined && fault.delayMs > 0) await ctx.delay(fault.delayMs)
  if (fault?.httpStatus !== undefined) return sendStatusPage(res, fault.httpStatus)
  const answer =
    fault?.errcode !== undefined
      ? wxError(fault.errcode)
      : body.ok
        ? await route.answer(ctx.api, query, body.fields)
        : body.error
  if (isImageAnswer(answer)) {
    res.writeHead(200, {
      'content-type': answer.contentType,
      'content-length': answer.image.length,
    })
    res.end(answer.image)
    return
  }
  sendJson(res, 200, checked(route.endpoint, answer), route.contentType)
}
