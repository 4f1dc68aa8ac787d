// Small fetch helpers shared by the HTTP tests: every test talks to a real listening simulator.
import type { Simulator } from '../src/index.js'

export interface Reply {
  status: number
  contentType: string
  text: string
  body: Record<string, unknown>
}

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // A non-JSON body (injected httpStatus, 204): tests read `text` instead.
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body }
}

export async function get(
  sim: Simulator,
  path: string,
  query: Record<string, string> = {},
): Promise<Reply> {
  const qs = new URLSearchParams(query).toString()
  return toReply(await fetch(`${sim.url}${path}${qs === '' ? '' : `?${qs}`}`))
}

/** POSTs `body` as JSON, or as-is when it is already a string (for malformed-body tests). */
export async function post(sim: Simulator, path: string, body?: unknown): Promise<Reply> {
  const init: RequestInit = { method: 'POST' }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    init.headers = { 'content-type': 'application/json' }
  }
  return toReply(await fetch(`${sim.url}${path}`, init))
}

export async function del(sim: Simulator, path: string): Promise<Reply> {
  return toReply(await fetch(`${sim.url}${path}`, { method: 'DELETE' }))
}

export const APP = { appId: 'wx1111111111111111', secret: 'secret-one' }
export const OTHER_APP = { appId: 'wx2222222222222222', secret: 'secret-two' }

export function exchange(sim: Simulator, code: string, app = APP): Promise<Reply> {
  return get(sim, '/sns/jscode2session', {
    appid: app.appId,
    secret: app.secret,
    js_code: code,
    grant_type: 'authorization_code',
  })
}

export async function stableToken(sim: Simulator, forceRefresh = false, app = APP): Promise<Reply> {
  return post(sim, '/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: app.appId,
    secret: app.secret,
    force_refresh: forceRefresh,
  })
}

/** A controllable clock: `advance` moves the simulator's notion of now. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}

export const RID = /, rid: [0-9a-f-]+$/
