import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { wxRequest } from './wechat-http.js'

const logger = createLogger('silent')

describe('wxRequest (the HTTP exchange with WeChat)', () => {
  let server: Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
  })

  /** A WeChat stand-in; `handle` gets the request, its socket's ordinal and the request count. */
  async function wechat(
    handle: (req: IncomingMessage, res: ServerResponse, conn: number, n: number) => void,
  ) {
    const sockets = new WeakMap<Socket, number>()
    const stats = { connections: 0, requests: 0 }
    server = createServer((req, res) => {
      stats.requests++
      handle(req, res, sockets.get(req.socket) ?? 0, stats.requests)
    })
    server.on('connection', (socket: Socket) => sockets.set(socket, ++stats.connections))
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}/sns/jscode2session?js_code=x`, stats }
  }

  const call = (url: string, observed: string[] = []) =>
    wxRequest(
      'jscode2session',
      url,
      { method: 'GET' },
      {
        timeoutMs: 1000,
        logger,
        observe: ({ errcode }) => observed.push(errcode),
      },
    )

  const ok = (res: ServerResponse) => res.end(JSON.stringify({ openid: 'o', session_key: 'k' }))

  it('reuses one kept-alive connection for consecutive calls', async () => {
    const { url, stats } = await wechat((_req, res) => ok(res))
    for (let i = 0; i < 3; i++) await expect(call(url)).resolves.toMatchObject({ openid: 'o' })
    expect(stats).toEqual({ connections: 1, requests: 3 })
  })

  it('sends a call again, once, when a kept-alive connection turns out to be closed', async () => {
    // The second request arrives on the first connection, which "had timed out": it is reset.
    const { url, stats } = await wechat((req, res, conn, n) =>
      n === 2 && conn === 1 ? req.socket.destroy() : ok(res),
    )
    await call(url)
    const observed: string[] = []
    await expect(call(url, observed)).resolves.toMatchObject({ openid: 'o' })
    expect(observed).toEqual(['0'])
    expect(stats).toEqual({ connections: 2, requests: 3 })
  })

  it('does not send a call again when a fresh connection is reset (the code may be used)', async () => {
    const { url, stats } = await wechat((req) => req.socket.destroy())
    const observed: string[] = []
    await expect(call(url, observed)).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
    expect(observed).toEqual(['unreachable'])
    expect(stats.requests).toBe(1)
  })

  it('reports a refused connection as WX_UNAVAILABLE', async () => {
    const { url } = await wechat((_req, res) => ok(res))
    server?.close()
    const observed: string[] = []
    await expect(call(url, observed)).rejects.toMatchObject({ code: 'WX_UNAVAILABLE' })
    expect(observed).toEqual(['unreachable'])
  })

  it('reports a reply that is not a JSON object, or is far too large, as WX_UPSTREAM_ERROR', async () => {
    const { url } = await wechat((req, res, _conn, n) =>
      n === 1
        ? res.end('<html>gateway</html>')
        : res.end(`{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`),
    )
    const observed: string[] = []
    await expect(call(url, observed)).rejects.toMatchObject({ code: 'WX_UPSTREAM_ERROR' })
    await expect(call(url, observed)).rejects.toMatchObject({ code: 'WX_UPSTREAM_ERROR' })
    expect(observed).toEqual(['malformed', 'malformed'])
  })

  it('posts a JSON body with its length', async () => {
    const seen: string[] = []
    const { url } = await wechat((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        seen.push(`${req.headers['content-type']} ${req.headers['content-length']} ${body}`)
        ok(res)
      })
    })
    await wxRequest(
      'getuserphonenumber',
      url,
      { method: 'POST', body: { code: '码' } },
      { timeoutMs: 1000, logger },
    )
    expect(seen).toEqual(['application/json 14 {"code":"码"}'])
  })
})
