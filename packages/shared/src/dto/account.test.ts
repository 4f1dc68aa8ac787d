import { describe, expect, it } from 'vitest'
import {
  AcceptAgreementRequest,
  DeleteAccountRequest,
  Session,
  SessionList,
  WxLoginRequest,
} from './index.js'

describe('agreement versions (CONTRACT v2: string(1..32))', () => {
  it.each(['1', '2024-06', 'v2.1', '二〇二四版', 'x'.repeat(32)])('accepts %j', (version) => {
    expect(AcceptAgreementRequest.parse({ version })).toEqual({ version })
    expect(WxLoginRequest.parse({ code: 'c', agreement: { version } }).agreement).toEqual({
      version,
    })
  })

  it.each(['', '   ', 'x'.repeat(33), 'a\nb', 'nul\u0000', 7, null])('refuses %j', (version) => {
    expect(AcceptAgreementRequest.safeParse({ version }).success).toBe(false)
    expect(WxLoginRequest.safeParse({ code: 'c', agreement: { version } }).success).toBe(false)
  })

  it('refuses unknown fields on POST /api/me/agreement', () => {
    expect(AcceptAgreementRequest.safeParse({ version: '1', at: 'now' }).success).toBe(false)
  })
})

describe('DeleteAccountRequest', () => {
  it('needs a code; appId is optional', () => {
    expect(DeleteAccountRequest.parse({ code: 'c' })).toEqual({ code: 'c' })
    expect(DeleteAccountRequest.parse({ code: 'c', appId: 'wx1' })).toEqual({
      code: 'c',
      appId: 'wx1',
    })
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(129) }, { code: 'c', why: 'x' }])
      expect(DeleteAccountRequest.safeParse(body).success, JSON.stringify(body)).toBe(false)
  })
})

describe('Session', () => {
  const session = {
    id: 's1',
    current: true,
    appId: 'wx1',
    createdAt: '2026-11-24T08:00:00.000Z',
    lastUsedAt: '2026-11-24T09:00:00.000Z',
    userAgent: 'Mozilla/5.0 (iPhone; …) MicroMessenger/8.0.47',
    ip: '203.0.113.*',
    device: {
      label: 'iPhone · iOS 17.0 · 微信 8.0.47',
      model: 'iPhone',
      os: 'iOS 17.0',
      wechatVersion: '8.0.47',
    },
  }

  it('accepts the contract shape with the device extension, and an unknown device', () => {
    expect(SessionList.parse({ items: [session] }).items[0]).toEqual(session)
    expect(Session.parse({ ...session, userAgent: null, ip: null, device: null }).device).toBeNull()
  })

  it('refuses times that are not ISO', () => {
    expect(Session.safeParse({ ...session, lastUsedAt: 'now' }).success).toBe(false)
  })
})
