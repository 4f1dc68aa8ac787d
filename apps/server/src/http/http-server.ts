import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { Duplex } from 'node:stream'
import type { ErrorCode } from '@wxlogin/shared/errors'
import { AppError } from '../app-error.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'

/**
 * The node:http server under Koa, with the limits and the error replies Node's own layer gets
 * wrong for us (issue 12, items 6 and 7).
 *
 * Timeouts: they must be passed to createServer. Set afterwards (as `server.requestTimeout =
 * 30_000` was), the headers timeout stays at the 60 s derived from the 300 s default; Node's
 * ConnectionsList::Expired swaps the two when headers > request, so a request whose body never
 * ends was cut after 60 s, seen by a check that runs every 30 s (connectionsCheckingInterval):
 * 60-90 s instead of 30. Checking every second (more often for short timeouts) keeps the
 * overshoot under a second.
 *
 * Errors: Node answers a request it cannot parse (headers over 16 KiB, a bad request line or
 * Content-Length, a timeout), a missing Host and an unknown Expect itself, with an empty body.
 * Here each gets the contract's `{ error: { code, message, requestId } }` and an `x-request-id`.
 * Each code has exactly one status (ERROR_STATUS), and the union has none for 408, 417 or 431:
 * those are VALIDATION_FAILED (400), the request as received is not a valid one. 431 is not
 * PAYLOAD_TOO_LARGE (413): that is about the body, and a client that shrinks its body on 413
 * would resend the same oversized headers.
 */
const LINGER_MS = 2000

export function createHttpServer(
  handle: http.RequestListener,
  limits: Config['http'],
  logger: Logger,
): http.Server {
  const server = http.createServer({
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
    // Checked below, so the 400 has our body.
    requireHostHeader: false,
  })
  // Beyond this, Node closes new connections as soon as they are accepted: 1,000 stalled
  // clients cannot take every file descriptor, and the server serves again once they go.
  server.maxConnections = limits.maxConnections

  // The response in flight on each connection: once its headers are out, no other reply fits.
  const responses = new WeakMap<Duplex, http.ServerResponse>()
  const refuse = (code: ErrorCode, message: string, cause: string) => {
    const error = new AppError(code, message)
    const requestId = randomUUID()
    logger.info({ requestId, status: error.status, code, cause }, 'request refused before routing')
    const body = JSON.stringify({ error: { code, message, requestId } })
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': requestId,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      connection: 'close',
    }
    return { status: error.status, headers, body }
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    responses.set(req.socket, res)
    // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      const reply = refuse('VALIDATION_FAILED', 'An HTTP/1.1 request needs a Host header.', 'host')
      res.writeHead(reply.status, reply.headers).end(reply.body)
      return
    }
    handle(req, res)
  })

  server.on('checkExpectation', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const reply = refuse('VALIDATION_FAILED', 'Only "Expect: 100-continue" is supported.', 'expect')
    res.writeHead(reply.status, reply.headers).end(reply.body)
  })

  const answered = new WeakSet<Duplex>()
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Node raises one per chunk the failed parser is given: the first reply stands.
    if (answered.has(socket)) return
    const inFlight = responses.get(socket)
    const started = inFlight !== undefined && inFlight.headersSent && !inFlight.writableFinished
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy() // the client is gone, or a reply is half sent: nothing more can be said
      return
    }
    answered.add(socket)
    const reply = refuse(...replyFor(err.code, limits), err.code ?? 'unknown')
    const head = [`HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status]}`]
    for (const [name, value] of Object.entries(reply.headers)) head.push(`${name}: ${value}`)
    socket.end(`${head.join('\r\n')}\r\n\r\n${reply.body}`)
    // A lingering close, as Apache and nginx do: the reply goes out with a FIN, and what the
    // client is still sending (the rest of 100 KB of headers) is read and dropped for a moment.
    // Closing at once with unread bytes sends a reset, which can make the client discard the
    // reply before reading it. The client's own close usually ends the connection first.
    setTimeout(() => socket.destroy(), LINGER_MS).unref()
  })

  let dropped = 0
  let warnedAt = 0
  server.on('drop', () => {
    dropped += 1
    if (Date.now() - warnedAt < 10_000) return
    logger.warn(
      { dropped, maxConnections: limits.maxConnections },
      'connections refused: MAX_CONNECTIONS reached',
    )
    warnedAt = Date.now()
    dropped = 0
  })

  return server
}

/** What a request Node could not parse gets: the code and a message for the client. */
function replyFor(nodeCode: string | undefined, limits: Config['http']): [ErrorCode, string] {
  switch (nodeCode) {
    case 'HPE_HEADER_OVERFLOW':
      return [
        'VALIDATION_FAILED',
        `The request headers are larger than ${http.maxHeaderSize / 1024} KiB.`,
      ]
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return ['PAYLOAD_TOO_LARGE', 'The chunk extensions of the request body are too large.']
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [
        'VALIDATION_FAILED',
        `The request did not arrive in time (headers within ${limits.headersTimeoutMs / 1000} s, all of it within ${limits.requestTimeoutMs / 1000} s).`,
      ]
    default:
      return ['VALIDATION_FAILED', 'The request is not valid HTTP/1.1.']
  }
}
