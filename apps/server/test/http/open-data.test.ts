import { createCipheriv, createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_SECRET, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * WeChat's documented open-data vectors (signature.html and the WXBizDataCrypt demo), used end to
 * end: the proxy below makes jscode2session answer the doc's session_key for the doc's app.
 */
const DOC_APP_ID = 'wx4f4bc4dec97d474b'
const DOC_OPENID = 'oGZUI0egBJY1zhBYw2KhdUfwVJJE'
const SIGNED_KEY = 'HyVFkGl5F5OQWJZZaNzBBg=='
const RAW_DATA =
  '{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}'
const SIGNATURE = '75e81ceda165f4ffa64f4068af58c64b8f54b88c'
const ENCRYPTED_KEY = 'tiihtNczf5v6AKRyjwEUhQ=='
const IV = 'r7BXXKkLb8qrSNn05n0qiA=='
const ENCRYPTED_DATA =
  'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew=='
const DOC_UNIONID = 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA'

/**
 * Sits between the server and the simulator and replaces jscode2session's session_key with one
 * the test chose. The simulator draws a fresh random key per exchange, while on WeChat the key
 * exists before the exchange (the client's open data is already signed with it), so a test
 * client needs to know it in advance. Everything else passes through unchanged.
 */
async function sessionKeyProxy() {
  const proxy = { target: '', sessionKey: SIGNED_KEY, url: '', close: () => Promise.resolve() }
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      const upstream = await fetch(`${proxy.target}${req.url ?? '/'}`, {
        method: req.method,
        body,
        headers: body ? { 'content-type': req.headers['content-type'] ?? 'application/json' } : {},
      })
      let text = await upstream.text()
      if (req.url?.startsWith('/sns/jscode2session')) {
        const reply = JSON.parse(text) as { session_key?: string }
        if (reply.session_key) text = JSON.stringify({ ...reply, session_key: proxy.sessionKey })
      }
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'text/plain',
        })
        .end(text)
    })().catch(() => res.writeHead(502).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return proxy
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

describe.each(storeTargets())(
  'POST /api/auth/wx-login with legacy open data on $name',
  (target) => {
    let s: Stack
    let proxy: Awaited<ReturnType<typeof sessionKeyProxy>>
    beforeAll(async () => {
      proxy = await sessionKeyProxy()
      s = await startStack(target, { WX_APP_ID: DOC_APP_ID, WECHAT_API_BASE: proxy.url })
      proxy.target = s.sim.url
      s.sim.addApp({ appId: DOC_APP_ID, secret: APP_SECRET })
    })
    afterAll(async () => {
      await s.close()
      await proxy.close()
    })

    const login = (body: Record<string, unknown>, openid?: string) => {
      const { code } = s.sim.mintLoginCode({ appId: DOC_APP_ID, openid })
      return s.request('POST', '/api/auth/wx-login', { body: { code, ...body } })
    }
    const recordOf = (id: string) => s.server.store.users.findById(id)

    describe('rawData + signature', () => {
      it("the doc's vector signs in and fills the profile from rawData", async () => {
        proxy.sessionKey = SIGNED_KEY
        const res = await login({ rawData: RAW_DATA, signature: SIGNATURE })
        expect(res.status).toBe(200)
        expect(res.body.user).toMatchObject({
          nickname: 'Band',
          gender: 1,
          city: 'Guangzhou',
          province: 'Guangdong',
          country: 'CN',
        })
      })

      it('a wrong signature → 400 VALIDATION_FAILED, and no user is created', async () => {
        proxy.sessionKey = SIGNED_KEY
        const openid = `o-forged-${Date.now()}`
        const res = await login(
          { rawData: RAW_DATA.replace('Band', 'Mallory'), signature: SIGNATURE },
          openid,
        )
        expect(res.status).toBe(400)
        expect(res.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          message: expect.stringMatching(/^signature: /),
        })
        expect(res.body.error.details.fieldErrors.signature).toHaveLength(1)
        expect((await s.server.store.users.list({ q: openid, page: 1, pageSize: 10 })).total).toBe(
          0,
        )
      })

      it('rawData signed with a stale session_key → 400', async () => {
        proxy.sessionKey = ENCRYPTED_KEY // WeChat rotated the key after the data was signed
        const res = await login({ rawData: RAW_DATA, signature: SIGNATURE })
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('VALIDATION_FAILED')
      })

      it('rawData without a signature → 400; no open data at all is fine', async () => {
        const half = await login({ rawData: RAW_DATA })
        expect(half.status).toBe(400)
        expect(half.body.error.message).toMatch(/^signature: required/)
        expect((await login({})).status).toBe(200)
      })

      it("a signed rawData with WeChat's anonymous placeholders does not overwrite the profile", async () => {
        proxy.sessionKey = SIGNED_KEY
        const openid = `o-anon-${Date.now()}`
        const first = await login({ rawData: RAW_DATA, signature: SIGNATURE }, openid)
        const rawData = JSON.stringify({
          nickName: '微信用户',
          gender: 0,
          avatarUrl:
            'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
        })
        const second = await login({ rawData, signature: sha1(rawData + SIGNED_KEY) }, openid)
        expect(second.status).toBe(200)
        expect(second.body.user).toMatchObject({
          id: first.body.user.id,
          nickname: 'Band',
          gender: 1,
        })
      })

      it('signed rawData with control characters, a NUL or a bidi override: those fields are dropped, the login succeeds (issue 12)', async () => {
        proxy.sessionKey = SIGNED_KEY
        const rawData = JSON.stringify({
          nickName: 'evil\u202egnp.exe',
          city: 'ci\u0000ty',
          province: 'bell\u0007',
          country: 'CN',
          avatarUrl: 'http://tmp/chosen.png',
          gender: 2,
        })
        const res = await login({ rawData, signature: sha1(rawData + SIGNED_KEY) })
        expect(res.status).toBe(200)
        expect(res.body.user).toMatchObject({
          nickname: null,
          city: null,
          province: null,
          country: 'CN',
          avatarUrl: null,
          gender: 2,
        })
      })

      it('a double tap: the replayed code signs in the same user; its open data is ignored, not trusted', async () => {
        proxy.sessionKey = SIGNED_KEY
        const { code } = s.sim.mintLoginCode({ appId: DOC_APP_ID })
        const first = await s.request('POST', '/api/auth/wx-login', {
          body: { code, rawData: RAW_DATA, signature: SIGNATURE },
        })
        const forged = RAW_DATA.replace('Band', 'Mallory')
        const replay = await s.request('POST', '/api/auth/wx-login', {
          body: { code, rawData: forged, signature: SIGNATURE },
        })
        expect(first.status).toBe(200)
        expect(replay.status).toBe(200)
        expect(replay.body.user.id).toBe(first.body.user.id)
        expect(replay.body.user.nickname).toBe('Band')
      })
    })

    describe('encryptedData + iv', () => {
      it("the doc's vector signs in, fills the profile and stores the unionid", async () => {
        proxy.sessionKey = ENCRYPTED_KEY
        const res = await login({ encryptedData: ENCRYPTED_DATA, iv: IV }, DOC_OPENID)
        expect(res.status).toBe(200)
        expect(res.body.user).toMatchObject({ nickname: 'Band', gender: 1, language: 'zh_CN' })
        expect(res.body.user).not.toHaveProperty('unionid')
        expect((await recordOf(res.body.user.id))?.unionid).toBe(DOC_UNIONID)
      })

      it("data of another user (openId ≠ the code's) → 400", async () => {
        proxy.sessionKey = ENCRYPTED_KEY
        const res = await login({ encryptedData: ENCRYPTED_DATA, iv: IV }, `o-other-${Date.now()}`)
        expect(res.status).toBe(400)
        expect(res.body.error.message).toContain('another user')
      })

      it('a watermark of another mini-program → 400', async () => {
        proxy.sessionKey = ENCRYPTED_KEY
        const cipher = createCipheriv(
          'aes-128-cbc',
          Buffer.from(ENCRYPTED_KEY, 'base64'),
          Buffer.from(IV, 'base64'),
        )
        const payload = JSON.stringify({
          nickName: 'Eve',
          watermark: { appid: 'wxsomeoneelse0000', timestamp: 1 },
        })
        const encryptedData = Buffer.concat([cipher.update(payload), cipher.final()]).toString(
          'base64',
        )
        const res = await login({ encryptedData, iv: IV })
        expect(res.status).toBe(400)
        expect(res.body.error.message).toContain('watermark.appid')
      })

      it("'+' mangled into spaces (form encoding) → 400 telling the client to send JSON", async () => {
        proxy.sessionKey = ENCRYPTED_KEY
        const res = await login(
          { encryptedData: ENCRYPTED_DATA.replaceAll('+', ' '), iv: IV },
          DOC_OPENID,
        )
        expect(res.status).toBe(400)
        expect(res.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('JSON'),
        })
      })

      it('a stale session_key (bad padding) → 400, never 500', async () => {
        proxy.sessionKey = SIGNED_KEY
        const res = await login({ encryptedData: ENCRYPTED_DATA, iv: IV }, DOC_OPENID)
        expect(res.status).toBe(400)
        expect(res.body.error.message).toContain('cannot be decrypted')
      })

      it('never logs the open data or the session_key', () => {
        const text = s.logs.join('')
        for (const secret of [
          SIGNED_KEY,
          ENCRYPTED_KEY,
          SIGNATURE,
          IV,
          ENCRYPTED_DATA.slice(0, 32),
        ])
          expect(text).not.toContain(secret)
      })
    })
  },
)
