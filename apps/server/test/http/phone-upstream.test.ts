import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { APP_ID, startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * A stand-in for WeChat that answers getuserphonenumber with whatever a test sets: shapes the
 * simulator never sends (countryCode as a number, as WeChat's docs show it; another AppID in the
 * watermark; no phone_info).
 */
async function fakeWechat() {
  let phoneReply: unknown = {}
  const seen: { query: URLSearchParams; body: Record<string, unknown> }[] = []
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {}
      let reply: unknown = { errcode: -1, errmsg: 'not found' }
      if (url.pathname === '/sns/jscode2session')
        reply = {
          openid: `o-${url.searchParams.get('js_code')}`,
          session_key: 'a2V5a2V5a2V5a2V5a2V5aw==',
        }
      if (url.pathname === '/cgi-bin/stable_token')
        reply = { access_token: 'fake-access-token', expires_in: 7200 }
      if (url.pathname === '/wxa/business/getuserphonenumber') {
        seen.push({ query: url.searchParams, body })
        reply = phoneReply
      }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    answer: (reply: unknown) => void (phoneReply = reply),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const phoneInfo = (overrides: Record<string, unknown> = {}) => ({
  errcode: 0,
  errmsg: 'ok',
  phone_info: {
    phoneNumber: '13800138000',
    purePhoneNumber: '13800138000',
    countryCode: '86',
    watermark: { timestamp: 1700000000, appid: APP_ID },
    ...overrides,
  },
})

describe.each(storeTargets())(
  'POST /api/me/phone with unusual WeChat replies on $name',
  (target) => {
    let s: Stack
    let wx: Awaited<ReturnType<typeof fakeWechat>>
    beforeAll(async () => {
      wx = await fakeWechat()
      s = await startStack(target, { WECHAT_API_BASE: wx.url })
    })
    afterAll(async () => {
      await s.close()
      await wx.close()
    })
    beforeEach(() => void (wx.seen.length = 0))

    const bind = async (reply: unknown) => {
      wx.answer(reply)
      const login = await s.login()
      const res = await s.request('POST', '/api/me/phone', {
        token: login.accessToken,
        body: { code: 'phone-code-1' },
      })
      return { res, userId: login.user.id }
    }
    const storedPhone = async (userId: string) => {
      const u = await s.server.store.users.findById(userId)
      return {
        phone: u?.phone,
        phoneNational: u?.phoneNational,
        phoneCountryCode: u?.phoneCountryCode,
      }
    }

    it("sends the phone code and the user's openid, with the server access_token", async () => {
      const { res, userId } = await bind(
        phoneInfo({ purePhoneNumber: '13800138001', phoneNumber: '13800138001' }),
      )
      expect(res.status).toBe(200)
      const openid = (await s.server.store.users.findById(userId))?.openid
      expect(wx.seen[0]?.body).toEqual({ code: 'phone-code-1', openid })
      expect(wx.seen[0]?.query.get('access_token')).toBe('fake-access-token')
    })

    it.each([
      ['a number (as in the docs)', 86],
      ['a string with +', '+86'],
    ])('countryCode as %s is normalised', async (_name, countryCode) => {
      const national = countryCode === 86 ? '13800138002' : '13800138003'
      const { res, userId } = await bind(
        phoneInfo({ countryCode, purePhoneNumber: national, phoneNumber: national }),
      )
      expect(res.status).toBe(200)
      expect(await storedPhone(userId)).toEqual({
        phone: `+86${national}`,
        phoneNational: national,
        phoneCountryCode: '86',
      })
    })

    it.each([
      [
        'a watermark naming another AppID',
        phoneInfo({ watermark: { timestamp: 1700000000, appid: 'wxsomeoneelse000' } }),
      ],
      ['no watermark', phoneInfo({ watermark: undefined })],
      ['no phone_info', { errcode: 0, errmsg: 'ok' }],
      ['a number that is not digits', phoneInfo({ purePhoneNumber: '138-0013-8000' })],
      ['no countryCode', phoneInfo({ countryCode: undefined })],
    ])('%s → 502 WX_UPSTREAM_ERROR and nothing bound', async (_name, reply) => {
      const { res, userId } = await bind(reply)
      expect(res.status).toBe(502)
      expect(res.body.error.code).toBe('WX_UPSTREAM_ERROR')
      expect((await storedPhone(userId)).phone).toBeNull()
    })

    it('logs the watermark mismatch, never the number', async () => {
      await bind(
        phoneInfo({
          purePhoneNumber: '13800138099',
          phoneNumber: '13800138099',
          watermark: { appid: 'wxsomeoneelse000' },
        }),
      )
      const log = s.logs.join('')
      expect(log).toContain('watermark')
      expect(log).not.toContain('13800138099')
    })

    it.each([40163, 40029])('errcode %i → 400 PHONE_CODE_INVALID', async (errcode) => {
      const { res } = await bind({ errcode, errmsg: `invalid code, rid: 1` })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('PHONE_CODE_INVALID')
    })
  },
)
