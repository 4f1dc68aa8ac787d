import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.js'

const base = { WX_APP_ID: 'wx1', WX_APP_SECRET: 'secret' }
const TOKEN = 'PushToken1'
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

describe('content-security settings', () => {
  it('defaults: checks on, verdicts awaited 60 minutes, swept every minute, no push settings', () => {
    const config = parseConfig(base)
    expect(config.content).toEqual({
      check: 'wechat',
      verdictTimeoutMs: 60 * 60_000,
      sweepIntervalMs: 60_000,
    })
    expect(config.apps).toEqual([{ appId: 'wx1', secret: 'secret' }])
  })

  it('WX_PUSH_TOKEN and WX_PUSH_AES_KEY apply to every app unless WX_APPS gives its own', () => {
    expect(parseConfig({ ...base, WX_PUSH_TOKEN: TOKEN, WX_PUSH_AES_KEY: KEY }).apps).toEqual([
      { appId: 'wx1', secret: 'secret', pushToken: TOKEN, pushAesKey: KEY },
    ])
    const apps = JSON.stringify([
      { appId: 'wxA', secret: 'a', pushToken: 'OwnToken', pushAesKey: 'A'.repeat(43) },
      { appId: 'wxB', secret: 'b' },
    ])
    expect(parseConfig({ WX_APPS: apps, WX_PUSH_TOKEN: TOKEN }).apps).toEqual([
      { appId: 'wxA', secret: 'a', pushToken: 'OwnToken', pushAesKey: 'A'.repeat(43) },
      { appId: 'wxB', secret: 'b', pushToken: TOKEN, pushAesKey: undefined },
    ])
  })

  it.each([
    ['a Token with a symbol', { WX_PUSH_TOKEN: 'bad-token' }, /WX_PUSH_TOKEN/],
    [
      'a 42-character EncodingAESKey',
      { WX_PUSH_TOKEN: TOKEN, WX_PUSH_AES_KEY: 'A'.repeat(42) },
      /WX_PUSH_AES_KEY/,
    ],
    ['an EncodingAESKey without a Token', { WX_PUSH_AES_KEY: KEY }, /no push Token/],
    ['CONTENT_CHECK=maybe', { CONTENT_CHECK: 'maybe' }, /CONTENT_CHECK/],
    [
      'a zero-minute verdict timeout',
      { CONTENT_VERDICT_TIMEOUT_MIN: '0' },
      /CONTENT_VERDICT_TIMEOUT_MIN/,
    ],
  ])('refuses %s, naming the variable', (_name, env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(ConfigError)
    expect(() => parseConfig({ ...base, ...env })).toThrow(message)
  })

  it('CONTENT_CHECK=off', () => {
    expect(parseConfig({ ...base, CONTENT_CHECK: 'off' }).content.check).toBe('off')
  })
})
