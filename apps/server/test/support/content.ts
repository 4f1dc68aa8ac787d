import { randomInt } from 'node:crypto'
import { encryptPushMessage, pushSignature } from '@wxlogin/wechat-wire'
import type { ModerationItem } from '@wxlogin/shared/dto'
import { APP_ID, startStack, type Stack } from './stack.js'
import type { StoreTarget } from './stores.js'

/*
 * Helpers for the content-security HTTP suites (docs/content-security.md): a stack whose
 * simulator pushes verdicts to the server's message push endpoint, signed with these settings.
 */

export const PUSH_PATH = '/api/wechat/push'
export const PUSH_TOKEN = 'TestPushToken0123'
export const PUSH_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

export type PushMode = 'plaintext' | 'safe'

/** The stack with message push configured in `mode`, pushes at once, and a quick verdict sweep. */
export async function startContentStack(
  target: StoreTarget,
  mode: PushMode = 'plaintext',
  env: Record<string, string> = {},
): Promise<Stack> {
  const s = await startStack(target, {
    WX_PUSH_TOKEN: PUSH_TOKEN,
    ...(mode === 'safe' ? { WX_PUSH_AES_KEY: PUSH_AES_KEY } : {}),
    CONTENT_SWEEP_INTERVAL_MS: '100',
    ...env,
  })
  s.sim.setPushTarget({
    url: `${s.url}${PUSH_PATH}`,
    token: PUSH_TOKEN,
    ...(mode === 'safe' ? { aesKey: PUSH_AES_KEY } : {}),
  })
  s.sim.setContentRules({ pushDelayMs: 0 })
  return s
}

/** A signed-in admin. */
export async function signInAdmin(s: Stack): Promise<string> {
  const login = await s.login()
  await s.server.store.users.updateAccount(login.user.id, { roles: ['user', 'admin'] })
  return login.accessToken
}

export async function uploadAvatar(s: { url: string }, token: string, bytes: Buffer) {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type: 'image/png' }), 'avatar.png')
  const res = await fetch(`${s.url}/api/me/avatar`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: res.status, body: (await res.json()) as any }
}

export const me = async (s: Stack, token: string) =>
  (await s.request('GET', '/api/me', { token })).body

/** The moderation queue, as an admin sees it. */
export async function queue(
  s: Stack,
  adminToken: string,
  status: 'open' | 'closed' = 'open',
): Promise<ModerationItem[]> {
  const res = await s.request('GET', `/api/admin/moderation?status=${status}&pageSize=100`, {
    token: adminToken,
  })
  if (res.status !== 200) throw new Error(`moderation list: ${res.status}`)
  return res.body.items as ModerationItem[]
}

/** The items of one user. */
export const itemsOf = (items: ModerationItem[], userId: string) =>
  items.filter((i) => i.userId === userId)

/** A wxa_media_check event as WeChat pushes it. */
export function mediaCheckEvent(traceId: string, suggest: string, label = 20002) {
  return {
    ToUserName: 'gh_test',
    FromUserName: 'oSomeone',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: APP_ID,
    trace_id: traceId,
    version: 2,
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label },
    detail: [],
  }
}

/**
 * A push signed (and in safe mode encrypted) as WeChat would send it, with what a test changes
 * to forge it: another token, key or appid, or a body sent as is.
 */
export function signedPush(
  event: object,
  mode: PushMode,
  forge: { token?: string; aesKey?: string; appId?: string } = {},
): { path: string; raw: string } {
  const token = forge.token ?? PUSH_TOKEN
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = String(randomInt(1e9, 2e9))
  const query = new URLSearchParams({
    signature: pushSignature(token, timestamp, nonce),
    timestamp,
    nonce,
  })
  let raw = JSON.stringify(event)
  if (mode === 'safe') {
    const encrypt = encryptPushMessage(forge.aesKey ?? PUSH_AES_KEY, raw, forge.appId ?? APP_ID)
    query.set('encrypt_type', 'aes')
    query.set('msg_signature', pushSignature(token, timestamp, nonce, encrypt))
    raw = JSON.stringify({ ToUserName: 'gh_test', Encrypt: encrypt })
  }
  return { path: `${PUSH_PATH}?${query.toString()}`, raw }
}

/** Prometheus text → the value of the sample with exactly these labels (0 when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}) {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',')
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const have = (match[2] ?? '').split(',').filter(Boolean).sort().join(',')
    if (have === want) return Number(match[3])
  }
  return 0
}

/** Polls `probe` until it returns true (the sweep runs on its own timer). */
export async function eventually(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
