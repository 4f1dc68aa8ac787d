import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decryptPushMessage, MediaCheckEventSchema, pushSignature } from '@wxlogin/wechat-wire'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { APP, post, stableToken } from '../test/http.js'
import type { Reply } from '../test/http.js'
import { startSimulator } from './index.js'
import type { Simulator } from './index.js'

const TOKEN = 'PushToken123'
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

let sim: Simulator
let accessToken: string

beforeEach(async () => {
  sim = await startSimulator({ apps: [APP] })
  accessToken = (await stableToken(sim)).body.access_token as string
})
afterEach(() => sim.close())

const check = (path: string, body: unknown, token: string | null = accessToken): Promise<Reply> =>
  post(sim, `${path}${token === null ? '' : `?access_token=${encodeURIComponent(token)}`}`, body)
const text = (content: string, more: Record<string, unknown> = {}) =>
  check('/wxa/msg_sec_check', { version: 2, openid: 'oUser', scene: 1, content, ...more })
const image = (more: Record<string, unknown> = {}) =>
  check('/wxa/media_check_async', {
    media_url: 'http://127.0.0.1:3000/avatars/a.png',
    media_type: 2,
    version: 2,
    openid: 'oUser',
    scene: 1,
    ...more,
  })

describe('POST /wxa/msg_sec_check', () => {
  it('judges text by the content rules: risky word, review word, else pass', async () => {
    expect((await post(sim, '/__sim/content-rules', { riskyWords: ['Badword'] })).status).toBe(204)
    sim.setContentRules({ reviewWords: ['maybe'] })
    const risky = await text('a BADWORD here')
    expect(risky.body).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      trace_id: expect.any(String),
      result: { suggest: 'risky', label: 20001 },
    })
    expect(risky.body.detail).toContainEqual(expect.objectContaining({ keyword: 'Badword' }))
    expect((await text('maybe so')).body.result).toEqual({ suggest: 'review', label: 21000 })
    expect((await text('hello')).body.result).toEqual({ suggest: 'pass', label: 100 })
    // The nickname and signature parameters are read too.
    expect((await text('x', { nickname: 'badword' })).body.result).toMatchObject({
      suggest: 'risky',
    })
    expect(sim.stats().calls.msg_sec_check).toBe(4)
  })

  it.each([
    ['no access_token', 41001, null, {}],
    ['an unknown access_token', 40001, 'nope', {}],
    ['version 1', 47001, undefined, { version: 1 }],
    ['no openid', 40003, undefined, { openid: undefined }],
    ['scene 5', 40129, undefined, { scene: 5 }],
    ['empty content', 44002, undefined, { content: '' }],
    ['content over 2500 characters', 47001, undefined, { content: 'x'.repeat(2501) }],
  ])('answers %s with errcode %i', async (_name, errcode, token, more) => {
    const body = { version: 2, openid: 'oUser', scene: 1, content: 'hi', ...more }
    const reply = await check('/wxa/msg_sec_check', body, token === undefined ? accessToken : token)
    expect(reply.status).toBe(200)
    expect(reply.body.errcode).toBe(errcode)
  })

  it('takes faults: busy, then the user-inactive 61010', async () => {
    sim.injectFault({ endpoint: 'msg_sec_check', errcode: -1 })
    await post(sim, '/__sim/faults', { endpoint: 'msg_sec_check', errcode: 61010 })
    expect((await text('hi')).body.errcode).toBe(-1)
    expect((await text('hi')).body).toMatchObject({
      errcode: 61010,
      errmsg: expect.stringMatching(/^user access record expired, rid: /),
    })
    expect((await text('hi')).body.errcode).toBe(0)
  })
})

/** A message-push target: records what it receives, answers as told. */
async function receiver(answer: (n: number) => { status: number; body: string }) {
  const received: { url: URL; body: string; contentType: string | undefined }[] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        url: new URL(req.url ?? '/', 'http://x'),
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: req.headers['content-type'],
      })
      const { status, body } = answer(received.length)
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push?appId=${APP.appId}`
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) }
}

describe('POST /wxa/media_check_async and the pushed verdict', () => {
  it('answers a trace_id, then pushes a signed plaintext wxa_media_check event', async () => {
    const target = await receiver(() => ({ status: 200, body: 'success' }))
    try {
      await post(sim, '/__sim/push-target', { url: target.url, token: TOKEN })
      sim.setContentRules({ imageVerdict: 'risky', pushDelayMs: 0 })
      const reply = await image()
      expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok', trace_id: expect.any(String) })
      await sim.idle()
      expect(target.received).toHaveLength(1)
      const [push] = target.received
      const q = push!.url.searchParams
      expect(q.get('appId')).toBe(APP.appId)
      expect(q.get('openid')).toBe('oUser')
      expect(q.get('signature')).toBe(pushSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!))
      expect(q.has('msg_signature')).toBe(false)
      expect(push!.contentType).toBe('application/json')
      const event = MediaCheckEventSchema.parse(JSON.parse(push!.body))
      expect(event).toMatchObject({
        Event: 'wxa_media_check',
        appid: APP.appId,
        FromUserName: 'oUser',
        trace_id: reply.body.trace_id,
        result: { suggest: 'risky', label: 20002 },
      })
      expect(sim.pushes()).toEqual([
        expect.objectContaining({ delivered: true, attempts: 1, done: true, status: 200 }),
      ])
    } finally {
      await target.close()
    }
  })

  it('in safe mode encrypts the event and signs the ciphertext (msg_signature)', async () => {
    const target = await receiver(() => ({ status: 200, body: '' }))
    try {
      sim.setPushTarget({ url: target.url, token: TOKEN, aesKey: AES_KEY })
      sim.setContentRules({ pushDelayMs: 0 })
      const reply = await image()
      await sim.idle()
      const [push] = target.received
      const q = push!.url.searchParams
      const body = JSON.parse(push!.body) as { ToUserName: string; Encrypt: string }
      expect(Object.keys(body).sort()).toEqual(['Encrypt', 'ToUserName'])
      expect(q.get('encrypt_type')).toBe('aes')
      expect(q.get('msg_signature')).toBe(
        pushSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!, body.Encrypt),
      )
      const plain = decryptPushMessage(AES_KEY, body.Encrypt)
      expect(plain).toMatchObject({ ok: true, appId: APP.appId })
      const event = plain.ok ? (JSON.parse(plain.message) as Record<string, unknown>) : {}
      expect(event).toMatchObject({ trace_id: reply.body.trace_id, result: { suggest: 'pass' } })
      expect(sim.stats().pushes).toEqual({ delivered: 1, failed: 0 })
    } finally {
      await target.close()
    }
  })

  it('retries three times until the target answers success, then gives up', async () => {
    const flaky = await receiver((n) =>
      n < 3 ? { status: 500, body: 'no' } : { status: 200, body: 'success' },
    )
    const dead = await receiver(() => ({ status: 200, body: 'not success' }))
    try {
      sim.setContentRules({ pushDelayMs: 0 })
      sim.setPushTarget({ url: flaky.url, token: TOKEN })
      await image()
      await sim.idle()
      expect(flaky.received).toHaveLength(3)
      sim.setPushTarget({ url: dead.url, token: TOKEN })
      await image()
      await sim.idle()
      expect(dead.received).toHaveLength(4)
      expect(sim.stats().pushes).toEqual({ delivered: 1, failed: 1 })
    } finally {
      await Promise.all([flaky.close(), dead.close()])
    }
  })

  it('waits pushDelayMs before pushing; without a target nothing is sent', async () => {
    sim.setContentRules({ pushDelayMs: 0 })
    await image()
    await sim.idle()
    expect(sim.pushes()).toEqual([expect.objectContaining({ attempts: 0, delivered: false })])
    expect(sim.stats().pushes).toEqual({ delivered: 0, failed: 0 })
    const target = await receiver(() => ({ status: 200, body: 'success' }))
    try {
      sim.setPushTarget({ url: target.url, token: TOKEN })
      sim.setContentRules({ pushDelayMs: 300 })
      const started = Date.now()
      await image()
      await sim.idle()
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(target.received).toHaveLength(1)
    } finally {
      await target.close()
    }
  })

  it.each([
    ['a wxfile:// URL', { media_url: 'wxfile://tmp_1.png' }, 47001],
    ['media_type 3', { media_type: 3 }, 47001],
    ['no openid', { openid: '' }, 40003],
    ['scene 0', { scene: 0 }, 40129],
  ])('refuses %s', async (_name, more, errcode) => {
    expect((await image(more)).body.errcode).toBe(errcode)
  })

  it('takes faults', async () => {
    sim.injectFault({ endpoint: 'media_check_async', httpStatus: 502 })
    expect((await image()).status).toBe(502)
    expect((await image()).body.errcode).toBe(0)
  })
})

describe('content control API', () => {
  it.each([
    ['/__sim/content-rules', { imageVerdict: 'maybe' }],
    ['/__sim/content-rules', { riskyWords: 'one' }],
    ['/__sim/content-rules', { pushDelayMs: -1 }],
    ['/__sim/push-target', { url: 'ftp://x', token: TOKEN }],
    ['/__sim/push-target', { url: 'http://127.0.0.1/push', token: 'a b' }],
    ['/__sim/push-target', { url: 'http://127.0.0.1/push', token: TOKEN, aesKey: 'short' }],
  ])('%s refuses %j with 400', async (path, body) => {
    const reply = await post(sim, path, body)
    expect(reply.status).toBe(400)
    expect(reply.body.errcode).toBe(40097)
  })

  it('reset restores the default rules (pass, 1 s) but keeps the push target', async () => {
    const target = await receiver(() => ({ status: 200, body: 'success' }))
    try {
      sim.setPushTarget({ url: target.url, token: TOKEN })
      sim.setContentRules({ riskyWords: ['bad'], imageVerdict: 'risky' })
      await post(sim, '/__sim/reset')
      accessToken = (await stableToken(sim)).body.access_token as string // reset forgot it
      expect((await text('bad')).body.result).toMatchObject({ suggest: 'pass' })
      sim.setContentRules({ pushDelayMs: 0 })
      await image()
      await sim.idle()
      expect(JSON.parse(target.received[0]!.body)).toMatchObject({ result: { suggest: 'pass' } })
    } finally {
      await target.close()
    }
  })
})
