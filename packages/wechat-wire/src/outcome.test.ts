import { describe, expect, it } from 'vitest'
import { WX_ENDPOINTS, type WxEndpoint } from './endpoints.js'
import { WX_ERRCODES, type WxOutcome } from './errcodes.js'
import { refusesAccessToken, wxErrmsg, wxOutcome } from './outcome.js'

const ENDPOINTS = Object.keys(WX_ENDPOINTS) as WxEndpoint[]
const TOKEN_ENDPOINTS = ENDPOINTS.filter((e) => WX_ENDPOINTS[e].accessToken)

const busy: WxOutcome = { error: 'WX_UNAVAILABLE', action: 'retry-busy' }
const refetch: WxOutcome = { error: 'WX_UPSTREAM_ERROR', action: 'refetch-access-token' }
const config: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'config-error' }
const bug: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'bad-request' }
const quota: WxOutcome = { error: 'WX_UNAVAILABLE', log: 'quota' }
const unexpected: WxOutcome = { error: 'WX_UPSTREAM_ERROR', log: 'unexpected' }

/** What each documented errcode becomes, as the README and WeChat's docs say (one row per pair). */
const EXPECTED: [WxEndpoint, number, WxOutcome][] = [
  // Login handshake
  ['jscode2session', -1, busy],
  ['jscode2session', 40029, { error: 'WX_CODE_INVALID' }],
  ['jscode2session', 40163, { error: 'WX_CODE_USED', action: 'served-from-cache' }],
  ['jscode2session', 45011, { error: 'WX_RATE_LIMITED', retryAfterSeconds: 60 }],
  ['jscode2session', 40226, { error: 'WX_USER_BLOCKED' }],
  ['jscode2session', 40013, config],
  ['jscode2session', 40125, config],
  // Server access_token
  ...(['stable_token', 'token'] as const).flatMap((e): [WxEndpoint, number, WxOutcome][] => [
    [e, -1, busy],
    [e, 40013, config],
    [e, 40125, config],
    [e, 40164, config],
    [e, 45009, quota],
    [e, 45011, quota],
  ]),
  // Phone number
  ['getuserphonenumber', -1, busy],
  ['getuserphonenumber', 40029, { error: 'PHONE_CODE_INVALID' }],
  ['getuserphonenumber', 40163, { error: 'PHONE_CODE_INVALID' }],
  ['getuserphonenumber', 41008, { error: 'PHONE_CODE_INVALID' }],
  ['getuserphonenumber', 45011, { error: 'WX_RATE_LIMITED', retryAfterSeconds: 60 }],
  // The access-token family, wherever a token is sent
  ...TOKEN_ENDPOINTS.flatMap((e) =>
    [40001, 42001, 40014].map((code): [WxEndpoint, number, WxOutcome] => [e, code, refetch]),
  ),
  ['checksession', -1, busy],
  ['checksession', 87009, bug],
  // Content security
  ...(['msg_sec_check', 'media_check_async'] as const).flatMap((e) =>
    [40003, 40129, 43104, 44002, 47001].map((code): [WxEndpoint, number, WxOutcome] => [
      e,
      code,
      bug,
    ]),
  ),
  // The user was not active lately: WeChat does not judge; an admin does (61010).
  ['msg_sec_check', 61010, { error: 'WX_UNAVAILABLE', action: 'hold-for-review' }],
  ['media_check_async', 61010, { error: 'WX_UNAVAILABLE', action: 'hold-for-review' }],
  ['msg_sec_check', -1, busy],
  ['media_check_async', -1, busy],
  // Mini-program codes
  ['getwxacodeunlimit', -1, busy],
  ['getwxacodeunlimit', 41030, config],
  ['getwxacodeunlimit', 40169, bug],
  ['getwxacodeunlimit', 45009, quota],
]

describe('the errcode table', () => {
  it.each(EXPECTED)('%s: %i becomes what it is documented to', (endpoint, errcode, outcome) => {
    expect(wxOutcome(endpoint, errcode)).toEqual(outcome)
  })

  it('covers every errcode every endpoint documents, and nothing else', () => {
    const listed = ENDPOINTS.flatMap((e) =>
      WX_ENDPOINTS[e].errcodes.map((code) => `${e} ${code}`),
    ).sort()
    expect(listed).toEqual(EXPECTED.map(([e, code]) => `${e} ${code}`).sort())
  })

  it('knows every errcode an endpoint lists, with its wording and meaning', () => {
    for (const e of ENDPOINTS)
      for (const code of WX_ENDPOINTS[e].errcodes) {
        expect(wxErrmsg(code), `${e} ${code}`).toBeTruthy()
        expect(Object.hasOwn(WX_ERRCODES, code)).toBe(true)
      }
    for (const entry of Object.values(WX_ERRCODES)) expect(entry.meaning).not.toBe('')
  })

  it('an errcode the endpoint does not document is unexpected, even one the table knows', () => {
    expect(wxOutcome('jscode2session', 99999)).toEqual(unexpected)
    // 40029 from stable_token is not a bad login code; 40226 is a login answer only.
    expect(wxOutcome('stable_token', 40029)).toEqual(unexpected)
    expect(wxOutcome('getuserphonenumber', 40226)).toEqual(unexpected)
    expect(wxOutcome('jscode2session', 41008)).toEqual(unexpected)
    expect(wxOutcome('jscode2session', 0)).toEqual(unexpected)
  })

  it('the access-token family is recognised on its own (the token manager does not know the endpoint)', () => {
    expect([40001, 42001, 40014].map(refusesAccessToken)).toEqual([true, true, true])
    expect([-1, 0, 40029, 40013, '40001', undefined].map(refusesAccessToken)).toEqual(
      Array(6).fill(false),
    )
  })

  it('gives WeChat wording for the simulator, none for an unknown errcode', () => {
    expect(wxErrmsg(40163)).toBe('code been used')
    expect(wxErrmsg(-1)).toBe('system error')
    expect(wxErrmsg(12345)).toBeUndefined()
  })
})
