import { STATUS_CODES } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'

export const MAX_BODY_BYTES = 64 * 1024

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too_large' }

/**
 * Reads the request body as UTF-8, refusing more than `MAX_BODY_BYTES`. An oversized body is
 * drained without being kept, so the 400 reaches a client that is still sending.
 */
export function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) resolve({ ok: false, reason: 'too_large' })
      else resolve({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') })
    })
    req.on('error', reject)
  })
}

export type JsonRead =
  { ok: true; value: unknown } | { ok: false; reason: 'too_large' | 'malformed' | 'empty' }

export async function readJson(req: IncomingMessage): Promise<JsonRead> {
  const body = await readBody(req)
  if (!body.ok) return body
  if (body.text.trim() === '') return { ok: false, reason: 'empty' }
  try {
    return { ok: true, value: JSON.parse(body.text) as unknown }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A non-JSON error page, as a proxy in front of WeChat would send ("Bad Gateway"). */
export function sendStatusPage(res: ServerResponse, status: number): void {
  const text = STATUS_CODES[status] ?? 'Error'
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status)
  res.end()
}
