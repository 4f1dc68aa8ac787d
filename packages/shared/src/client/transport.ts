/**
 * The client's only contact with the network. A transport resolves for EVERY HTTP status and
 * rejects only when no response arrived (offline, timeout, abort), like `uni.request`'s
 * success/fail split. The mini-program passes a `uni.request` adapter; tests and browsers pass
 * `fetchTransport()`.
 */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  url: string
  headers: Record<string, string>
  body?: unknown
}

export interface TransportResponse {
  status: number
  body: unknown
  headers?: Record<string, string | undefined>
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>

/** Multipart file upload (avatars): `uni.uploadFile` in the mini-program, FormData with fetch. */
export interface UploadRequest {
  url: string
  headers: Record<string, string>
  /** The form field name: always `file` for the avatar endpoint. */
  name: string
  /** Whatever the upload transport understands: a temp file path, a Blob, a File. */
  file: unknown
}
export type UploadTransport = (req: UploadRequest) => Promise<TransportResponse>

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined
  const text = await res.text()
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const headersOf = (res: Response): Record<string, string> => Object.fromEntries(res.headers)

/** A transport over WHATWG fetch (Node >= 18, browsers). */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  return async ({ method, url, headers, body }) => {
    const res = await fetchImpl(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await readBody(res), headers: headersOf(res) }
  }
}

/** An upload transport over fetch + FormData; `file` must be a Blob (or File). */
export function fetchUploadTransport(fetchImpl: typeof fetch = globalThis.fetch): UploadTransport {
  return async ({ url, headers, name, file }) => {
    const form = new FormData()
    form.append(name, file as Blob)
    const res = await fetchImpl(url, { method: 'POST', headers, body: form })
    return { status: res.status, body: await readBody(res), headers: headersOf(res) }
  }
}
