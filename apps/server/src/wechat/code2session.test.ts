import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error.js'
import { createLogger } from '../logger.js'
import { sessionFromReply } from './code2session.js'

const logger = createLogger('silent')
const read = (reply: Record<string, unknown>) => sessionFromReply(reply, 'wxunit', logger)
const thrown = (reply: Record<string, unknown>) => {
  try {
    read(reply)
  } catch (err) {
    return err
  }
  return undefined
}

describe('sessionFromReply (jscode2session)', () => {
  it('a session; an empty or null unionid is none', () => {
    expect(read({ openid: 'o1', session_key: 'k' })).toEqual({
      kind: 'session',
      session: { openid: 'o1', sessionKey: 'k', unionid: null },
    })
    for (const unionid of ['', null])
      expect(read({ openid: 'o1', session_key: 'k', unionid })).toMatchObject({
        session: { unionid: null },
      })
    expect(read({ openid: 'o1', session_key: 'k', unionid: 'u1' })).toMatchObject({
      session: { unionid: 'u1' },
    })
  })

  it('40163 is a value, not a throw: the caller serves its cache, else fails with WX_CODE_USED', () => {
    const result = read({ errcode: 40163, errmsg: 'code been used, rid: 1' })
    expect(result.kind).toBe('code-used')
    expect(result.kind === 'code-used' && result.error.code).toBe('WX_CODE_USED')
  })

  it.each([
    [{ errcode: 40029, errmsg: 'invalid code' }, 'WX_CODE_INVALID', 401],
    [{ errcode: 40226, errmsg: 'high risk user' }, 'WX_USER_BLOCKED', 403],
    [{ errcode: 40125, errmsg: 'invalid appsecret' }, 'WX_UPSTREAM_ERROR', 502],
    [{ errcode: 41008, errmsg: 'missing code' }, 'WX_UPSTREAM_ERROR', 502],
    [{ session_key: 'k' }, 'WX_UPSTREAM_ERROR', 502],
  ])('%o throws %s', (reply, code, status) => {
    const err = thrown(reply)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code, status })
  })

  it('45011 carries a Retry-After', () => {
    expect(thrown({ errcode: 45011 })).toMatchObject({
      code: 'WX_RATE_LIMITED',
      headers: { 'Retry-After': '60' },
    })
  })
})
