import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  itemsOf,
  me,
  mediaCheckEvent,
  metricValue,
  PUSH_AES_KEY,
  PUSH_PATH,
  PUSH_TOKEN,
  queue,
  signedPush,
  signInAdmin,
  startContentStack,
  uploadAvatar,
  type PushMode,
} from '../support/content.js'
import { uniquePng } from '../support/images.js'
import { APP_ID, APP_SECRET, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/*
 * Content security on avatars (docs/content-security.md): an upload is shown at once, sent to
 * mediaCheckAsync, and settled by the verdict WeChat (here the simulator) pushes, signed, to
 * /api/wechat/push — in plaintext and in safe mode.
 */
describe.each(storeTargets())('avatar checks on $name', (target) => {
  describe.each(['plaintext', 'safe'] as PushMode[])('with %s pushes', (mode) => {
    let s: Stack
    let admin: string
    beforeAll(async () => {
      s = await startContentStack(target, mode)
      admin = await signInAdmin(s)
    })
    afterAll(() => s.close())
    beforeEach(() => {
      s.sim.setPushTarget({
        url: `${s.url}${PUSH_PATH}`,
        token: PUSH_TOKEN,
        ...(mode === 'safe' ? { aesKey: PUSH_AES_KEY } : {}),
      })
      s.sim.setContentRules({ imageVerdict: 'pass', pushDelayMs: 0 })
    })

    /** The trace_id of the last image check the simulator accepted. */
    const lastTrace = () => s.sim.pushes().at(-1)?.traceId ?? ''
    const push = (event: object, forge = {}, raw?: string) => {
      const signed = signedPush(event, mode, forge)
      return s.request('POST', signed.path, {
        raw: raw ?? signed.raw,
        headers: { 'content-type': 'application/json' },
      })
    }

    it('pending at once, then approved by the pushed verdict', async () => {
      const login = await s.login()
      s.sim.setContentRules({ pushDelayMs: 1000 }) // time enough to see it pending
      const up = await uploadAvatar(s, login.accessToken, uniquePng())
      expect(up.status).toBe(200)
      expect(await me(s, login.accessToken)).toMatchObject({
        avatarUrl: up.body.avatarUrl,
        avatarReview: 'pending',
      })
      expect((await fetch(up.body.avatarUrl)).status).toBe(200)
      await s.sim.idle()
      expect(s.sim.pushes().at(-1)).toMatchObject({ delivered: true, attempts: 1 })
      expect(await me(s, login.accessToken)).toMatchObject({
        avatarUrl: up.body.avatarUrl,
        avatarReview: 'approved',
      })
    })

    it('pending, then rejected: the avatar is removed, its file no longer served, and recorded', async () => {
      const login = await s.login()
      s.sim.setContentRules({ imageVerdict: 'risky' })
      const up = await uploadAvatar(s, login.accessToken, uniquePng())
      await s.sim.idle()
      expect(await me(s, login.accessToken)).toMatchObject({
        avatarUrl: null,
        avatarReview: 'rejected',
      })
      expect((await fetch(up.body.avatarUrl)).status).toBe(404)
      expect(itemsOf(await queue(s, admin, 'closed'), login.user.id)).toEqual([
        expect.objectContaining({
          kind: 'avatar',
          content: up.body.avatarUrl,
          suggest: 'risky',
          label: 20002,
          status: 'rejected',
          reason: 'risky',
          decidedBy: null,
        }),
      ])
      const audit = await s.request(
        'GET',
        `/api/admin/audit?action=avatar_rejected&userId=${login.user.id}`,
        { token: admin },
      )
      expect(audit.body.items).toEqual([
        expect.objectContaining({ actorId: null, targetId: login.user.id }),
      ])
    })

    it('review: stays shown as pending, queued for an admin who approves it', async () => {
      const login = await s.login()
      s.sim.setContentRules({ imageVerdict: 'review' })
      const up = await uploadAvatar(s, login.accessToken, uniquePng())
      await s.sim.idle()
      expect((await me(s, login.accessToken)).avatarReview).toBe('pending')
      const [item] = itemsOf(await queue(s, admin), login.user.id)
      expect(item).toMatchObject({ kind: 'avatar', content: up.body.avatarUrl, reason: 'review' })
      const decided = await s.request('POST', `/api/admin/moderation/${item!.id}`, {
        token: admin,
        body: { decision: 'approve' },
      })
      expect(decided.body).toMatchObject({ status: 'approved' })
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
    })

    it('a retried or replayed push changes nothing: the first verdict stands', async () => {
      const login = await s.login()
      await uploadAvatar(s, login.accessToken, uniquePng())
      await s.sim.idle()
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
      for (let i = 0; i < 3; i++) {
        const replay = await push(mediaCheckEvent(lastTrace(), 'risky'))
        expect(replay.status).toBe(200)
        expect(replay.body).toBe('success')
      }
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
    })

    it('forged pushes are refused (401 bad signature, 400 bad body) and change nothing', async () => {
      const login = await s.login()
      s.sim.setPushTarget(null) // WeChat stays silent: the test pushes itself
      await uploadAvatar(s, login.accessToken, uniquePng())
      await s.sim.idle()
      const trace = lastTrace()
      const risky = mediaCheckEvent(trace, 'risky')
      const attempts: [number, Promise<{ status: number; body: any }>][] = [
        [401, push(risky, { token: 'SomeoneElse1' })],
        [401, s.request('POST', PUSH_PATH, { body: risky })],
      ]
      if (mode === 'safe') {
        const signed = signedPush(risky, mode)
        const body = JSON.parse(signed.raw) as { Encrypt: string }
        const flip = body.Encrypt[10] === 'A' ? 'B' : 'A'
        const encrypt = `${body.Encrypt.slice(0, 10)}${flip}${body.Encrypt.slice(11)}`
        const tampered = JSON.stringify({ ...body, Encrypt: encrypt })
        const plain = signedPush(risky, 'plaintext')
        attempts.push(
          [401, s.request('POST', signed.path, { raw: tampered })],
          [400, push(risky, { aesKey: 'A'.repeat(43) })],
          [400, push(risky, { appId: 'wx0ther0000000000' })],
          // A plaintext event to a server in safe mode: no msg_signature (401), no Encrypt (400).
          [401, s.request('POST', plain.path, { raw: plain.raw })],
          [400, push(risky, {}, JSON.stringify(risky))],
        )
      } else {
        attempts.push(
          [400, push(risky, {}, 'not json')],
          [400, push({ ...risky, appid: 'wx0ther0000000000' })],
          [400, push({ MsgType: 'event', Event: 'wxa_media_check', trace_id: trace })],
        )
      }
      for (const [status, attempt] of attempts) {
        const res = await attempt
        expect(res.status).toBe(status)
        expect(res.body.error.code).toBe(
          status === 401 ? 'AUTH_TOKEN_INVALID' : 'VALIDATION_FAILED',
        )
      }
      expect((await me(s, login.accessToken)).avatarReview).toBe('pending')
      // The genuine verdict still settles it.
      const genuine = await push(mediaCheckEvent(trace, 'pass', 100))
      expect(genuine.status).toBe(200)
      expect(genuine.headers.get('content-type')).toMatch(/^text\/plain/)
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
    })

    it('reads a push whatever its Content-Type says (WeChat labels JSON text/xml)', async () => {
      const login = await s.login()
      s.sim.setPushTarget(null)
      await uploadAvatar(s, login.accessToken, uniquePng())
      await s.sim.idle()
      const signed = signedPush(mediaCheckEvent(lastTrace(), 'pass', 100), mode)
      const res = await s.request('POST', signed.path, {
        raw: signed.raw,
        headers: { 'content-type': 'text/xml' },
      })
      expect(res.status).toBe(200)
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
    })

    it('answers success to other events; a verdict on no check (yet) is 404, for WeChat to retry', async () => {
      const other = await push({
        ToUserName: 'gh_x',
        MsgType: 'event',
        Event: 'debug_demo',
        CreateTime: 1,
      })
      expect(other.status).toBe(200)
      expect(other.body).toBe('success')
      const unknown = await push(mediaCheckEvent('no-such-trace', 'risky'))
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('NOT_FOUND')
    })

    it('counts image checks by suggest and pushes by outcome in /metrics', async () => {
      const text = (await s.request('GET', '/metrics')).body as string
      for (const suggest of ['pass', 'risky', 'review'])
        expect(
          metricValue(text, 'wxlogin_content_checks_total', { kind: 'avatar', suggest }),
        ).toBeGreaterThan(0)
      for (const outcome of ['settled', 'duplicate', 'bad_signature', 'bad_body', 'ignored'])
        expect(metricValue(text, 'wxlogin_wechat_pushes_total', { outcome })).toBeGreaterThan(0)
    })
  })

  describe('shared files, failures and other ways in', () => {
    let s: Stack
    let admin: string
    beforeAll(async () => {
      s = await startContentStack(target)
      admin = await signInAdmin(s)
    })
    afterAll(() => s.close())
    beforeEach(() => {
      s.sim.clearFaults()
      s.sim.setPushTarget({ url: `${s.url}${PUSH_PATH}`, token: PUSH_TOKEN })
      s.sim.setContentRules({ imageVerdict: 'pass', pushDelayMs: 0 })
    })
    const fileUrl = (bytes: Buffer) =>
      `${s.url}/avatars/${createHash('sha256').update(bytes).digest('hex')}.png`

    it('a risky copy of an image another user had approved: only the risky upload is removed', async () => {
      const a = await s.login()
      const b = await s.login()
      const bytes = uniquePng()
      await uploadAvatar(s, a.accessToken, bytes)
      await s.sim.idle()
      s.sim.setContentRules({ imageVerdict: 'risky' })
      await uploadAvatar(s, b.accessToken, bytes)
      await s.sim.idle()
      expect(await me(s, b.accessToken)).toMatchObject({
        avatarUrl: null,
        avatarReview: 'rejected',
      })
      expect(await me(s, a.accessToken)).toMatchObject({
        avatarUrl: fileUrl(bytes),
        avatarReview: 'approved',
      })
      expect((await fetch(fileUrl(bytes))).status).toBe(200)
    })

    it('two pending copies of a risky image: both removed, the file deleted', async () => {
      const a = await s.login()
      const b = await s.login()
      const bytes = uniquePng()
      s.sim.setContentRules({ imageVerdict: 'risky', pushDelayMs: 200 })
      await uploadAvatar(s, a.accessToken, bytes)
      await uploadAvatar(s, b.accessToken, bytes)
      await s.sim.idle()
      for (const user of [a, b])
        expect(await me(s, user.accessToken)).toMatchObject({
          avatarUrl: null,
          avatarReview: 'rejected',
        })
      expect((await fetch(fileUrl(bytes))).status).toBe(404)
    })

    it('WeChat busy: the upload is 503, the avatar unchanged, the new file not kept', async () => {
      const login = await s.login()
      const first = await uploadAvatar(s, login.accessToken, uniquePng())
      s.sim.injectFault({ endpoint: 'media_check_async', errcode: -1, times: 3 })
      const bytes = uniquePng()
      const res = await uploadAvatar(s, login.accessToken, bytes)
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('WX_UNAVAILABLE')
      expect((await me(s, login.accessToken)).avatarUrl).toBe(first.body.avatarUrl)
      expect((await fetch(fileUrl(bytes))).status).toBe(404)
    })

    it('61010: the avatar is shown pending and queued for an admin as unchecked', async () => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'media_check_async', errcode: 61010 })
      const up = await uploadAvatar(s, login.accessToken, uniquePng())
      expect(up.status).toBe(200)
      expect((await me(s, login.accessToken)).avatarReview).toBe('pending')
      expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([
        expect.objectContaining({
          kind: 'avatar',
          content: up.body.avatarUrl,
          reason: 'unchecked',
        }),
      ])
    })

    it('the same image uploaded again keeps its verdict (no new check)', async () => {
      const login = await s.login()
      const bytes = uniquePng()
      await uploadAvatar(s, login.accessToken, bytes)
      await s.sim.idle()
      const checks = s.sim.stats().calls.media_check_async
      await uploadAvatar(s, login.accessToken, bytes)
      expect(s.sim.stats().calls.media_check_async).toBe(checks)
      expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
    })

    it('an avatar URL set by PATCH /api/me is checked too; setting it again changes nothing', async () => {
      const login = await s.login()
      s.sim.setPushTarget(null) // the verdict is pushed below, after both updates
      const url = 'https://cdn.example.com/elsewhere.png'
      const res = await s.request('PATCH', '/api/me', {
        token: login.accessToken,
        body: { avatarUrl: url },
      })
      expect(res.body).toMatchObject({ avatarUrl: url, avatarReview: 'pending' })
      const checks = s.sim.stats().calls.media_check_async
      const again = await s.request('PATCH', '/api/me', {
        token: login.accessToken,
        body: { avatarUrl: url, gender: 1 },
      })
      expect(again.body).toMatchObject({ avatarReview: 'pending', gender: 1 })
      expect(s.sim.stats().calls.media_check_async).toBe(checks)
      await s.sim.idle()
      const signed = signedPush(
        mediaCheckEvent(s.sim.pushes().at(-1)!.traceId, 'risky'),
        'plaintext',
      )
      expect((await s.request('POST', signed.path, { raw: signed.raw })).status).toBe(200)
      expect(await me(s, login.accessToken)).toMatchObject({
        avatarUrl: null,
        avatarReview: 'rejected',
      })
    })

    it("WeChat's own avatar from a login profile is not checked (avatarReview null)", async () => {
      const url = 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132'
      const login = await s.login({ profile: { avatarUrl: url } })
      expect(login.user).toMatchObject({ avatarUrl: url, avatarReview: null })
    })
  })

  describe('several mini-programs: ?appId= selects the push settings', () => {
    const B = { appId: 'wxtest00000000002', secret: 'test-app-secret-bbbbbbbbbb' }
    const B_PUSH = { token: 'TokenOfAppB', aesKey: 'B'.repeat(43) }
    let s: Stack
    beforeAll(async () => {
      s = await startContentStack(target, 'plaintext', {
        WX_APP_ID: '',
        WX_APP_SECRET: '',
        WX_APPS: JSON.stringify([
          { appId: APP_ID, secret: APP_SECRET },
          { ...B, pushToken: B_PUSH.token, pushAesKey: B_PUSH.aesKey },
        ]),
      })
      s.sim.addApp(B)
    })
    afterAll(() => s.close())

    it("verifies each app's URL with its own Token; no appId is the first app", async () => {
      const verify = async (appId: string | null, token?: string) => {
        const { path } = signedPush({}, 'plaintext', { token })
        const query = appId ? `&appId=${appId}` : ''
        return (await fetch(`${s.url}${path}${query}&echostr=ok`)).status
      }
      expect(await verify(B.appId, B_PUSH.token)).toBe(200)
      expect(await verify(B.appId)).toBe(401)
      expect(await verify(null)).toBe(200)
      expect(await verify(APP_ID)).toBe(200)
      expect(await verify(APP_ID, B_PUSH.token)).toBe(401)
    })

    it("settles app B's avatar through its own safe-mode push", async () => {
      s.sim.setPushTarget({ url: `${s.url}${PUSH_PATH}?appId=${B.appId}`, ...B_PUSH })
      s.sim.setContentRules({ imageVerdict: 'risky' })
      const { code } = s.sim.mintLoginCode({ appId: B.appId })
      const login = await s.request('POST', '/api/auth/wx-login', {
        body: { code, appId: B.appId },
      })
      const token = login.body.accessToken as string
      await uploadAvatar(s, token, uniquePng())
      await s.sim.idle()
      expect(s.sim.pushes().at(-1)).toMatchObject({ delivered: true })
      expect(await me(s, token)).toMatchObject({ avatarUrl: null, avatarReview: 'rejected' })
    })
  })

  describe('GET /api/wechat/push (URL verification)', () => {
    let s: Stack
    beforeAll(async () => {
      s = await startContentStack(target)
    })
    afterAll(() => s.close())

    it('answers echostr as text/plain when the signature matches; 401 otherwise', async () => {
      const { path } = signedPush({}, 'plaintext')
      // WeChat's example echostr: answered as sent, as text (too long a number for JSON).
      const ok = await fetch(`${s.url}${path}&echostr=4375120948345356249`)
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await ok.text()).toBe('4375120948345356249')
      const forged = signedPush({}, 'plaintext', { token: 'NotTheToken' })
      const bad = await s.request('GET', `${forged.path}&echostr=1`)
      expect(bad.status).toBe(401)
      expect((await s.request('GET', `${PUSH_PATH}?echostr=1`)).status).toBe(401)
      const unknownApp = await s.request('GET', `${path}&echostr=1&appId=wxnotconfigured0000`)
      expect(unknownApp.status).toBe(404)
    })
  })
})
