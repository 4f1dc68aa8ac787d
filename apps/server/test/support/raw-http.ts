import net from 'node:net'

export interface RawReply {
  /** 0 when the server closed without a status line. */
  status: number
  headers: Record<string, string>
  body: string
  /** Everything the server sent. */
  raw: string
  /** From the first byte written to the server closing the connection. */
  ms: number
}

/** The server's address from a stack URL, for raw sockets. */
export function addressOf(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url)
  return { host: hostname, port: Number(port) }
}

/**
 * Writes bytes on a raw TCP connection, exactly as given (no client-side HTTP to fix them up),
 * and collects what comes back until the server closes. A reset after the reply is fine.
 */
export function rawExchange(
  url: string,
  request: string | Buffer,
  { giveUpMs = 15_000 }: { giveUpMs?: number } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const started = performance.now()
    const socket = net.connect(addressOf(url), () => socket.write(request))
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms`))
    }, giveUpMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => {}) // EPIPE/ECONNRESET while we still write: the reply is what counts
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseReply(Buffer.concat(chunks).toString('latin1'), performance.now() - started))
    })
  })
}

function parseReply(raw: string, ms: number): RawReply {
  const end = raw.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = (end === -1 ? raw : raw.slice(0, end)).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0)
  const body = end === -1 ? '' : Buffer.from(raw.slice(end + 4), 'latin1').toString('utf8')
  return { status, headers, body, raw, ms }
}
