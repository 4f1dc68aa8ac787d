import http from 'node:http'
import https from 'node:https'
import type { WxEndpoint } from '@wxlogin/wechat-wire'
import { AppError } from '../app-error.js'
import type { Logger } from '../logger.js'

/**
 * A WeChat answer as received: a JSON object, not yet checked. Errors come as HTTP 200 with a
 * non-zero errcode; read it with `readReply` and the endpoint's schema (@wxlogin/wechat-wire).
 */
export type WxReply = Readonly<Record<string, unknown>>

/** Told of every exchange: WeChat's errcode ('0' ok) or timeout / unreachable / http_5xx / malformed. */
export type WxObserver = (call: { endpoint: WxEndpoint; errcode: string; seconds: number }) => void

export interface WxHttpOptions {
  timeoutMs: number
  logger: Logger
  observe?: WxObserver
}

/** WeChat's answers are a few hundred bytes; anything past this is not one. */
const MAX_REPLY_BYTES = 1024 * 1024

/*
 * Kept-alive connections to WeChat, one pool per scheme for the process: a login storm reuses
 * them instead of opening a TLS connection per code2Session. node:http rather than fetch: undici's
 * fetch costs several times more CPU per call (WHATWG streams, AbortSignal, Headers), which showed
 * as ~12 % of a login's CPU in the benchmark. Idle sockets close after 4 s, before a server's
 * keep-alive timeout would close them under us; they never keep the process alive.
 */
const agentOptions = { keepAlive: true, maxSockets: 256, timeout: 4000 }
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) }

interface RawReply {
  status: number
  contentType: string
  body: Buffer
}

interface Origin {
  protocol: 'http:' | 'https:'
  hostname: string
  port: string
  agent: http.Agent
}

/** One entry per configured WeChat base, parsed once: a URL parse per call showed in the login profile (~1.5 %). */
const origins = new Map<string, Origin>()

function split(url: string): { origin: Origin; path: string } {
  const slash = url.indexOf('/', url.indexOf('//') + 2)
  const base = slash === -1 ? url : url.slice(0, slash)
  let origin = origins.get(base)
  if (!origin) {
    const parsed = new URL(base)
    const protocol = parsed.protocol === 'https:' ? 'https:' : 'http:'
    // [::1] → ::1: node:http wants the bare address.
    const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
    origin = { protocol, hostname, port: parsed.port, agent: agents[protocol] }
    origins.set(base, origin)
  }
  return { origin, path: slash === -1 ? '/' : url.slice(slash) }
}

class WxTimeout extends Error {
  override name = 'TimeoutError'
}

/**
 * One request on a pooled connection. A kept-alive connection that the other side closed while it
 * sat idle fails at once with ECONNRESET, before the request reached anyone: that, and only that,
 * is sent again, once, on a new connection (code2Session is not idempotent).
 */
function send(
  url: string,
  method: 'GET' | 'POST',
  body: string | undefined,
  timeoutMs: number,
  retryStale = true,
): Promise<RawReply> {
  return new Promise<RawReply>((resolve, reject) => {
    const { origin, path } = split(url)
    const request = (origin.protocol === 'https:' ? https : http).request({
      ...origin,
      path,
      method,
      headers:
        body === undefined
          ? undefined
          : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    let answered = false
    const timer = setTimeout(() => request.destroy(new WxTimeout()), timeoutMs)
    const settle = (outcome: () => void) => {
      clearTimeout(timer)
      outcome()
    }
    request.on('error', (err: Error & { code?: string }) => {
      const stale = retryStale && request.reusedSocket && !answered && err.code === 'ECONNRESET'
      settle(() => (stale ? resolve(send(url, method, body, timeoutMs, false)) : reject(err)))
    })
    request.on('response', (res) => {
      answered = true
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_REPLY_BYTES) return void chunks.push(chunk)
        // Not a WeChat answer: reported as malformed, and the connection is not reused.
        settle(() =>
          resolve({ status: res.statusCode ?? 0, contentType: '', body: Buffer.alloc(0) }),
        )
        request.destroy()
      })
      res.on('error', (err) => settle(() => reject(err)))
      res.on('end', () =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks),
          }),
        ),
      )
    })
    request.end(body)
  })
}

/** An image WeChat answered with instead of JSON (getwxacodeunlimit). */
export type WxImage = { readonly image: Buffer; readonly contentType: string }

/**
 * One HTTP exchange with WeChat. Never logs the URL: its query carries the AppSecret and codes.
 * Timeouts, refused connections and 5xx gateways are WX_UNAVAILABLE; anything that is not a JSON
 * object is WX_UPSTREAM_ERROR.
 */
export async function wxRequest(
  endpoint: WxEndpoint,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  options: WxHttpOptions,
): Promise<WxReply> {
  const reply = await exchange(endpoint, url, init, options, [])
  if ('image' in reply) throw new Error('unreachable: no image type was accepted')
  return reply
}

/**
 * The same for an endpoint that answers with an image on success and with a JSON errcode body
 * on failure (getwxacodeunlimit): an image of one of `imageTypes` comes back as bytes.
 */
export function wxImageRequest(
  endpoint: WxEndpoint,
  url: string,
  init: { method: 'POST'; body: unknown },
  options: WxHttpOptions,
  imageTypes: readonly string[],
): Promise<WxReply | WxImage> {
  return exchange(endpoint, url, init, options, imageTypes)
}

async function exchange(
  endpoint: WxEndpoint,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  { timeoutMs, logger, observe }: WxHttpOptions,
  imageTypes: readonly string[],
): Promise<WxReply | WxImage> {
  const started = performance.now()
  const outcome = (errcode: string) =>
    observe?.({ endpoint, errcode, seconds: (performance.now() - started) / 1000 })
  let res: RawReply
  try {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body)
    res = await send(url, init.method, body, timeoutMs)
  } catch (err) {
    const e = err as Error & { code?: string }
    const reason = e instanceof WxTimeout ? 'timeout' : (e.code ?? e.name)
    logger.warn({ endpoint, reason }, 'WeChat unreachable')
    outcome(reason === 'timeout' ? 'timeout' : 'unreachable')
    throw new AppError('WX_UNAVAILABLE', 'WeChat did not answer in time; try again shortly.')
  }
  if (res.status >= 500) {
    logger.warn({ endpoint, httpStatus: res.status }, 'WeChat gateway error')
    outcome('http_5xx')
    throw new AppError('WX_UNAVAILABLE')
  }
  const mediaType = res.contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (res.status === 200 && imageTypes.includes(mediaType) && res.body.length > 0) {
    outcome('0')
    return { image: res.body, contentType: mediaType }
  }
  let reply: unknown
  try {
    reply = JSON.parse(res.body.toString('utf8'))
  } catch {
    reply = undefined
  }
  if (res.status !== 200 || reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    logger.error({ endpoint, httpStatus: res.status }, 'WeChat sent a malformed response')
    outcome('malformed')
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  const { errcode } = reply as WxReply
  outcome(typeof errcode === 'number' ? String(errcode) : '0')
  return reply as WxReply
}
