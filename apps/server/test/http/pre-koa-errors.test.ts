import { ErrorBodySchema } from '@wxlogin/shared/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange, type RawReply } from '../support/raw-http.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * Issue 12, item 6: errors Node's HTTP layer raises before Koa sees the request had an empty
 * body (431/400/408 with only `Connection: close`). Every non-2xx carries the contract's error
 * body and a request id, these included. Raw sockets, so no client library fixes the request.
 */
describe.each(storeTargets())(
  'errors raised before Koa carry the JSON error body on $name',
  (target) => {
    let s: Stack
    beforeAll(async () => {
      s = await startStack(target)
    })
    afterAll(() => s.close())

    function expectErrorReply(reply: RawReply, status: number, code: string) {
      expect(reply.status, reply.raw.slice(0, 300)).toBe(status)
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(reply.headers.connection).toBe('close')
      expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body))
      const body = ErrorBodySchema.parse(JSON.parse(reply.body))
      expect(body.error.code).toBe(code)
      expect(body.error.message.length).toBeGreaterThan(0)
      expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(reply.headers['x-request-id']).toBe(body.error.requestId)
      return body
    }

    it('a 100 KB header (Node: 431, empty) → 400 VALIDATION_FAILED naming the limit', async () => {
      const reply = await rawExchange(
        s.url,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`,
      )
      const body = expectErrorReply(reply, 400, 'VALIDATION_FAILED')
      expect(body.error.message).toBe('The request headers are larger than 16 KiB.')
    })

    it.each([
      ['a malformed request line', 'GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n'],
      ['garbage instead of a request', 'HELLO\r\n\r\n'],
      ['a method with a space', 'G ET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['an unknown HTTP version', 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n'],
      [
        'a non-numeric Content-Length',
        'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      ],
      [
        'a negative Content-Length',
        'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      ],
      [
        'two different Content-Lengths',
        'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      ],
      [
        'Content-Length with chunked',
        'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
      ],
      [
        'a bad chunk size',
        'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      ],
      ['a header name with a space', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'],
      ['a bare LF in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\nX-B: 2\r\n\r\n'],
    ])(
      '%s (Node: 400, empty) → 400 VALIDATION_FAILED with a request id',
      async (_what, request) => {
        const reply = await rawExchange(s.url, request)
        const body = expectErrorReply(reply, 400, 'VALIDATION_FAILED')
        expect(body.error.message).toBe('The request is not valid HTTP/1.1.')
      },
    )

    it('an HTTP/1.1 request without Host (Node: 400, empty) → 400 VALIDATION_FAILED', async () => {
      const reply = await rawExchange(s.url, 'GET /healthz HTTP/1.1\r\n\r\n')
      const body = expectErrorReply(reply, 400, 'VALIDATION_FAILED')
      expect(body.error.message).toMatch(/Host header/)
    })

    it('an Expect other than 100-continue (Node: 417, empty) → 400 VALIDATION_FAILED', async () => {
      const reply = await rawExchange(
        s.url,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n',
      )
      expectErrorReply(reply, 400, 'VALIDATION_FAILED')
    })

    it('each reply has its own request id, and the server goes on serving', async () => {
      const bad = 'HELLO\r\n\r\n'
      const [a, b] = await Promise.all([rawExchange(s.url, bad), rawExchange(s.url, bad)])
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id'])
      const ok = await rawExchange(
        s.url,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      )
      expect(ok.status).toBe(200)
    })
  },
)
