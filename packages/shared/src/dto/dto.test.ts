import { describe, expect, it } from 'vitest'
import { ERROR_CODES, ERROR_STATUS, ErrorBodySchema } from '../errors.js'
import {
  LegacyWxLoginRequest,
  RefreshResponse,
  UpdateMeRequest,
  User,
  WxLoginRequest,
  WxLoginResponse,
} from './index.js'

const user = {
  id: '65f0c0ffee0000000000abcd',
  nickname: null,
  avatarUrl: null,
  // Contract v2, content security.
  avatarReview: null,
  gender: 0,
  language: null,
  city: null,
  province: null,
  country: null,
  birthday: null,
  bio: null,
  phone: '138****0000',
  roles: ['user'],
  status: 'active',
  createdAt: '2026-11-24T08:00:00.000Z',
  lastLoginAt: '2026-11-24T08:00:00.000Z',
  agreement: { version: '2', acceptedAt: '2026-11-24T08:00:00.000Z' },
}

describe('the contract examples (docs/api.md)', () => {
  it('accepts the error body and every code maps to one status', () => {
    const body = {
      error: {
        code: 'WX_CODE_INVALID',
        message: 'human readable, safe to show',
        requestId: 'r1',
        details: {},
      },
    }
    expect(ErrorBodySchema.parse(body)).toEqual(body)
    expect(ERROR_CODES).toHaveLength(23)
    expect(ERROR_STATUS.REFRESH_TOKEN_REUSED).toBe(401)
    // Contract v2: content security.
    expect(ERROR_STATUS.CONTENT_RISKY).toBe(422)
    expect(ERROR_STATUS.DB_UNAVAILABLE).toBe(503)
  })

  it('rejects an error body with a code outside the closed union', () => {
    expect(
      ErrorBodySchema.safeParse({ error: { code: 'TEAPOT', message: 'x', requestId: 'r' } })
        .success,
    ).toBe(false)
  })

  it('accepts the login response example', () => {
    const res = {
      accessToken: 'jwt',
      refreshToken: 'opaque',
      tokenType: 'Bearer',
      expiresIn: 7200,
      refreshExpiresIn: 2592000,
      isNewUser: true,
      user,
      agreementRequired: false,
    }
    expect(WxLoginResponse.parse(res)).toEqual(res)
    expect(RefreshResponse.parse({ ...res, isNewUser: undefined })).toMatchObject({
      tokenType: 'Bearer',
    })
  })

  it('accepts a login request with a legacy profile, and rejects bad codes', () => {
    expect(
      WxLoginRequest.parse({ code: 'c', profile: { nickName: 'n', gender: 1 }, appId: 'wx1' })
        .profile?.gender,
    ).toBe(1)
    expect(WxLoginRequest.safeParse({ code: '' }).success).toBe(false)
    expect(WxLoginRequest.safeParse({ code: 'x'.repeat(129) }).success).toBe(false)
    expect(WxLoginRequest.safeParse({}).success).toBe(false)
  })

  it('rejects a user whose times are not ISO or whose gender is out of range', () => {
    expect(User.safeParse({ ...user, createdAt: 'yesterday' }).success).toBe(false)
    expect(User.safeParse({ ...user, gender: 3 }).success).toBe(false)
  })
})

describe('LegacyWxLoginRequest.user_info', () => {
  it('parses the rawData JSON string, an object, or nothing', () => {
    expect(
      LegacyWxLoginRequest.parse({ code: 'c', user_info: '{"nickName":"a","gender":"2"}' })
        .user_info,
    ).toEqual({ nickName: 'a', gender: 2 })
    expect(
      LegacyWxLoginRequest.parse({ code: 'c', user_info: { nickName: 'b' } }).user_info,
    ).toEqual({ nickName: 'b' })
    expect(LegacyWxLoginRequest.parse({ code: 'c' }).user_info).toBeUndefined()
  })

  it.each(['{broken', '[1]', '"a string"', '{"gender":"robot"}'])('rejects %s', (userInfo) => {
    expect(LegacyWxLoginRequest.safeParse({ code: 'c', user_info: userInfo }).success).toBe(false)
  })
})

describe('UpdateMeRequest', () => {
  it('trims the nickname and counts emoji as one character', () => {
    expect(UpdateMeRequest.parse({ nickname: '  hi  ' }).nickname).toBe('hi')
    expect(UpdateMeRequest.safeParse({ nickname: '😀'.repeat(32) }).success).toBe(true)
    expect(UpdateMeRequest.safeParse({ nickname: '😀'.repeat(33) }).success).toBe(false)
  })

  it.each([
    { nickname: '' },
    { nickname: '微信用户' },
    { nickname: ' 微信用户 ' },
    { nickname: 'tab\there' },
    { birthday: '2023-02-29' },
    { birthday: '1899-12-31' },
    { bio: 'x'.repeat(501) },
    { avatarUrl: 'wxfile://tmp_1.png' },
    { avatarUrl: 'http://tmp/1.png' },
    { unknown: 1 },
  ])('rejects %j', (patch) => {
    expect(UpdateMeRequest.safeParse(patch).success).toBe(false)
  })

  it('accepts a leap day, nulls to clear, and an https avatar', () => {
    expect(
      UpdateMeRequest.parse({
        birthday: '2000-02-29',
        bio: null,
        avatarUrl: 'https://cdn.example.com/a.png',
      }),
    ).toEqual({
      birthday: '2000-02-29',
      bio: null,
      avatarUrl: 'https://cdn.example.com/a.png',
    })
  })
})
