import { describe, expect, it } from 'vitest'
import { AccessTokenReplySchema, StableTokenRequestSchema } from './access-token.js'
import {
  labelNumber,
  MediaCheckEventSchema,
  MediaCheckRequestSchema,
  MsgSecCheckReplySchema,
  MsgSecCheckRequestSchema,
} from './content-security.js'
import { Code2SessionReplySchema } from './login.js'
import { PhoneNumberReplySchema } from './phone.js'
import { readReply, WxErrorReplySchema, WxOkReplySchema } from './reply.js'
import { WxacodeRequestSchema } from './wxacode.js'

const session = { openid: 'oABC', session_key: 'a2V5a2V5a2V5a2V5a2V5aw==' }

describe('readReply', () => {
  it.each([
    ['no errcode (what jscode2session sends)', session],
    ['errcode 0 and errmsg ok', { ...session, errcode: 0, errmsg: 'ok' }],
    ['a unionid', { ...session, unionid: 'oUnion' }],
    ['a null unionid', { ...session, unionid: null }],
    ['an empty unionid', { ...session, unionid: '' }],
    ['fields it does not know', { ...session, is_new: true }],
  ])('jscode2session: %s is a success', (_name, reply) => {
    expect(readReply(Code2SessionReplySchema, reply)).toMatchObject({ kind: 'ok', value: session })
  })

  it('a non-zero errcode is a refusal, whatever else the reply holds', () => {
    expect(
      readReply(Code2SessionReplySchema, { ...session, errcode: 40029, errmsg: 'invalid code' }),
    ).toEqual({ kind: 'errcode', errcode: 40029, errmsg: 'invalid code' })
    expect(readReply(Code2SessionReplySchema, { errcode: -1 })).toEqual({
      kind: 'errcode',
      errcode: -1,
      errmsg: '',
    })
  })

  it.each([
    ['no openid', { session_key: 'k' }],
    ['an empty openid', { openid: '', session_key: 'k' }],
    ['no session_key', { openid: 'o' }],
    ['errcode as a string', { errcode: '40029', errmsg: 'invalid code' }],
    ['a fractional errcode', { errcode: 1.5 }],
    ['null', null],
    ['an array', [session]],
  ])('jscode2session: %s is malformed', (_name, reply) => {
    expect(readReply(Code2SessionReplySchema, reply).kind).toBe('malformed')
  })

  it('names the fields that are wrong, never their values', () => {
    const read = readReply(PhoneNumberReplySchema, {
      phone_info: { purePhoneNumber: 13800138000, countryCode: '86', watermark: {} },
    })
    expect(read.kind).toBe('malformed')
    const problems = read.kind === 'malformed' ? read.problems.join('\n') : ''
    expect(problems).toContain('phone_info.purePhoneNumber')
    expect(problems).toContain('phone_info.watermark.appid')
    expect(problems).not.toContain('13800138000')
  })
})

describe('getuserphonenumber reply', () => {
  const info = {
    phoneNumber: '13800138000',
    purePhoneNumber: '13800138000',
    countryCode: '86',
    watermark: { timestamp: 1700000000, appid: 'wx1' },
  }

  it.each([
    ['countryCode as a string (what WeChat sends)', info],
    ['countryCode as a number (what its docs show)', { ...info, countryCode: 86 }],
    [
      'no phoneNumber and no timestamp (not needed)',
      {
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { appid: 'wx1' },
      },
    ],
    ['extra fields', { ...info, watermark: { ...info.watermark, extra: 1 }, more: true }],
  ])('accepts %s', (_name, phone_info) => {
    expect(PhoneNumberReplySchema.safeParse({ errcode: 0, errmsg: 'ok', phone_info }).success).toBe(
      true,
    )
  })

  it.each([
    ['no phone_info', {}],
    ['no watermark', { phone_info: { ...info, watermark: undefined } }],
    ['no countryCode', { phone_info: { ...info, countryCode: undefined } }],
    ['countryCode as a boolean', { phone_info: { ...info, countryCode: true } }],
  ])('refuses %s', (_name, reply) => {
    expect(PhoneNumberReplySchema.safeParse(reply).success).toBe(false)
  })
})

describe('access_token reply', () => {
  it('needs a token and a positive lifetime; errcode absent or 0', () => {
    const ok = { access_token: 'ACCESS', expires_in: 7200 }
    expect(AccessTokenReplySchema.safeParse(ok).success).toBe(true)
    expect(AccessTokenReplySchema.safeParse({ ...ok, errcode: 0 }).success).toBe(true)
    expect(AccessTokenReplySchema.safeParse({ ...ok, expires_in: 0 }).success).toBe(false)
    expect(AccessTokenReplySchema.safeParse({ ...ok, access_token: '' }).success).toBe(false)
    expect(AccessTokenReplySchema.safeParse({ ...ok, errcode: 40013 }).success).toBe(false)
  })

  it('the request the server sends never forces a refresh by default', () => {
    const body = {
      grant_type: 'client_credential',
      appid: 'wx1',
      secret: 's',
      force_refresh: false,
    }
    expect(StableTokenRequestSchema.parse(body)).toEqual(body)
    expect(StableTokenRequestSchema.safeParse({ ...body, grant_type: 'x' }).success).toBe(false)
  })
})

describe('msg_sec_check', () => {
  const reply = {
    errcode: 0,
    errmsg: 'ok',
    trace_id: '60ae120f-371d5872-7941a05b',
    result: { suggest: 'pass', label: 100 },
    detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
  }

  it.each([
    ['label as a number (what WeChat sends)', reply],
    [
      'label as a string (what its docs show)',
      { ...reply, result: { suggest: 'risky', label: '20002' } },
    ],
    [
      'a failed strategy without a verdict',
      { ...reply, detail: [{ strategy: 'keyword', errcode: -1 }] },
    ],
    ['no detail', { ...reply, detail: undefined }],
  ])('accepts %s', (_name, r) => {
    expect(MsgSecCheckReplySchema.safeParse(r).success).toBe(true)
  })

  it('refuses a suggestion it does not know (fail closed) and a missing result', () => {
    expect(
      MsgSecCheckReplySchema.safeParse({ ...reply, result: { suggest: 'ok', label: 100 } }).success,
    ).toBe(false)
    expect(MsgSecCheckReplySchema.safeParse({ ...reply, result: undefined }).success).toBe(false)
  })

  it('requests version 2, a scene of 1..4 and at most 2500 characters', () => {
    const body = { version: 2, openid: 'o', scene: 2, content: 'hello' }
    expect(MsgSecCheckRequestSchema.safeParse(body).success).toBe(true)
    expect(MsgSecCheckRequestSchema.safeParse({ ...body, version: 1 }).success).toBe(false)
    expect(MsgSecCheckRequestSchema.safeParse({ ...body, scene: 5 }).success).toBe(false)
    expect(MsgSecCheckRequestSchema.safeParse({ ...body, content: 'x'.repeat(2501) }).success).toBe(
      false,
    )
  })
})

describe('media_check_async', () => {
  it('requests a public URL, media_type 1 or 2, version 2', () => {
    const body = {
      media_url: 'https://cdn.example.com/a.png',
      media_type: 2,
      version: 2,
      openid: 'o',
      scene: 1,
    }
    expect(MediaCheckRequestSchema.safeParse(body).success).toBe(true)
    expect(
      MediaCheckRequestSchema.safeParse({ ...body, media_url: 'wxfile://tmp_1.png' }).success,
    ).toBe(false)
    expect(MediaCheckRequestSchema.safeParse({ ...body, media_type: 3 }).success).toBe(false)
  })

  const event = {
    ToUserName: 'gh_1',
    FromUserName: 'o1',
    CreateTime: 1762329554,
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: 'wx1',
    trace_id: '690b03d2-301f6111-35ffbd44',
    version: 2,
  }

  it.each([
    [
      'a verdict with label as a numeric string',
      { ...event, result: { suggest: 'pass', label: '100' }, detail: [] },
    ],
    [
      'a download error without a verdict',
      { ...event, errcode: -1008, errmsg: 'download error', detail: [] },
    ],
  ])('accepts the pushed event with %s', (_name, e) => {
    expect(MediaCheckEventSchema.safeParse(e).success).toBe(true)
  })

  it('reads a label as a number whether it arrives as a number or a numeric string', () => {
    expect([100, '20001', ' 21000 ', undefined, 'x', 1.5].map(labelNumber)).toEqual([
      100,
      20001,
      21000,
      null,
      null,
      null,
    ])
  })
})

describe('getwxacodeunlimit request', () => {
  const body = { scene: 'sid=abc123', page: 'pages/scan/index' }
  it.each([
    ['a 33-character scene', { ...body, scene: 'x'.repeat(33) }],
    ['a scene with a space', { ...body, scene: 'a b' }],
    ['a page with a leading slash', { ...body, page: '/pages/scan/index' }],
    ['a page with a query', { ...body, page: 'pages/scan/index?x=1' }],
    ['an unknown env_version', { ...body, env_version: 'beta' }],
  ])('refuses %s', (_name, b) => {
    expect(WxacodeRequestSchema.safeParse(b).success).toBe(false)
  })

  it('accepts the documented shape', () => {
    expect(
      WxacodeRequestSchema.safeParse({
        ...body,
        check_path: true,
        env_version: 'trial',
        width: 430,
      }).success,
    ).toBe(true)
  })
})

describe('error and ok replies', () => {
  it('an error reply has a non-zero integer errcode', () => {
    expect(
      WxErrorReplySchema.safeParse({ errcode: 40029, errmsg: 'invalid code, rid: 1' }).success,
    ).toBe(true)
    expect(WxErrorReplySchema.safeParse({ errcode: 0, errmsg: 'ok' }).success).toBe(false)
    expect(WxOkReplySchema.safeParse({ errcode: 0, errmsg: 'ok' }).success).toBe(true)
    expect(WxOkReplySchema.safeParse({ errcode: 87009, errmsg: 'invalid signature' }).success).toBe(
      false,
    )
  })
})
