import { createCipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isAppError } from '../../app-error.js'
import type { ExchangeResult } from './code-exchange.js'
import { verifyOpenData } from './open-data.js'

/**
 * WeChat's documented vectors, byte for byte:
 * - signature: https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html
 * - encryptedData: the WXBizDataCrypt demo (AppID wx4f4bc4dec97d474b) in the same doc's downloads.
 */
const DOC_SIGNED = {
  sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==',
  rawData:
    '{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}',
  signature: '75e81ceda165f4ffa64f4068af58c64b8f54b88c',
}
const DOC_ENCRYPTED = {
  appId: 'wx4f4bc4dec97d474b',
  openid: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
  unionid: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
}

const app = { appId: DOC_ENCRYPTED.appId, secret: 's' }
const exchange = (sessionKey: string | null, openid = DOC_ENCRYPTED.openid): ExchangeResult => ({
  appId: app.appId,
  openid,
  unionid: null,
  sessionKey,
  remembered: Promise.resolve(),
})

/** Encrypts like WeChat does, for payloads the doc has no vector for. */
function encrypt(payload: unknown, sessionKey: string, iv = Buffer.alloc(16, 7)) {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv)
  const data = Buffer.concat([
    cipher.update(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    cipher.final(),
  ])
  return { encryptedData: data.toString('base64'), iv: iv.toString('base64') }
}

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message }
    throw err
  }
  throw new Error('expected a typed error')
}

describe('verifyOpenData: rawData + signature', () => {
  const input = { code: 'c', rawData: DOC_SIGNED.rawData, signature: DOC_SIGNED.signature }

  it("accepts WeChat's documented vector and returns its profile", () => {
    expect(
      createHash('sha1')
        .update(DOC_SIGNED.rawData + DOC_SIGNED.sessionKey)
        .digest('hex'),
    ).toBe(DOC_SIGNED.signature)
    const result = verifyOpenData(input, exchange(DOC_SIGNED.sessionKey), app)
    expect(result?.profile).toMatchObject({
      nickname: 'Band',
      gender: 1,
      city: 'Guangzhou',
      country: 'CN',
    })
    expect(result?.unionid).toBeNull()
  })

  it('accepts the signature in upper case hex', () => {
    const upper = { ...input, signature: DOC_SIGNED.signature.toUpperCase() }
    expect(verifyOpenData(upper, exchange(DOC_SIGNED.sessionKey), app)?.profile.nickname).toBe(
      'Band',
    )
  })

  it.each([
    ['another session_key', { sessionKey: 'o0q0otL8aEzpcZL/FT9WsQ==' }],
    ['a tampered rawData', { rawData: DOC_SIGNED.rawData.replace('Band', 'Mallory') }],
    ['a different signature', { signature: '0'.repeat(40) }],
    ['a short signature', { signature: 'abc' }],
    ['a non-hex signature', { signature: 'z'.repeat(40) }],
  ])('%s → 400 VALIDATION_FAILED naming the signature', (_name, change) => {
    const { sessionKey = DOC_SIGNED.sessionKey, ...fields } = change as {
      sessionKey?: string
      rawData?: string
      signature?: string
    }
    const err = failure(() => verifyOpenData({ ...input, ...fields }, exchange(sessionKey), app))
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toMatch(/^signature: /)
  })

  it('a correctly signed rawData that is not a user info object → 400', () => {
    const rawData = '["not", "a", "profile"]'
    const signature = createHash('sha1')
      .update(rawData + DOC_SIGNED.sessionKey)
      .digest('hex')
    const err = failure(() =>
      verifyOpenData({ code: 'c', rawData, signature }, exchange(DOC_SIGNED.sessionKey), app),
    )
    expect(err).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'rawData: is not a WeChat user info object',
    })
  })

  it("WeChat's anonymous placeholders in a signed rawData are filtered out", () => {
    const rawData = JSON.stringify({ nickName: '微信用户', gender: 0, avatarUrl: '' })
    const signature = createHash('sha1')
      .update(rawData + DOC_SIGNED.sessionKey)
      .digest('hex')
    expect(
      verifyOpenData({ code: 'c', rawData, signature }, exchange(DOC_SIGNED.sessionKey), app)
        ?.profile,
    ).toEqual({})
  })

  it('half a pair → 400 naming the missing field', () => {
    expect(
      failure(() => verifyOpenData({ code: 'c', rawData: DOC_SIGNED.rawData }, exchange('k'), app))
        .message,
    ).toMatch(/^signature: required/)
    expect(
      failure(() =>
        verifyOpenData({ code: 'c', signature: DOC_SIGNED.signature }, exchange('k'), app),
      ).message,
    ).toMatch(/^rawData: required/)
  })
})

describe('verifyOpenData: encryptedData + iv', () => {
  const docInput = { code: 'c', encryptedData: DOC_ENCRYPTED.encryptedData, iv: DOC_ENCRYPTED.iv }

  it("decrypts WeChat's documented vector: profile and unionid", () => {
    const result = verifyOpenData(docInput, exchange(DOC_ENCRYPTED.sessionKey), app)
    expect(result).toEqual({
      profile: expect.objectContaining({
        nickname: 'Band',
        gender: 1,
        language: 'zh_CN',
        province: 'Guangdong',
      }),
      unionid: DOC_ENCRYPTED.unionid,
    })
  })

  it('a watermark of another mini-program → 400', () => {
    const err = failure(() =>
      verifyOpenData(docInput, exchange(DOC_ENCRYPTED.sessionKey), {
        appId: 'wxother',
        secret: 's',
      }),
    )
    expect(err).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('watermark.appid'),
    })
  })

  it('data of another openid → 400', () => {
    const err = failure(() =>
      verifyOpenData(docInput, exchange(DOC_ENCRYPTED.sessionKey, 'oSomeoneElse'), app),
    )
    expect(err.message).toContain('another user')
  })

  it('no watermark → 400', () => {
    const own = encrypt({ nickName: 'x' }, DOC_ENCRYPTED.sessionKey)
    expect(
      failure(() => verifyOpenData({ code: 'c', ...own }, exchange(DOC_ENCRYPTED.sessionKey), app))
        .message,
    ).toBe('encryptedData: has no watermark')
  })

  it('own payload without unionId or openId: profile only', () => {
    const own = encrypt(
      { nickName: 'Ann', watermark: { appid: app.appId, timestamp: 1 } },
      DOC_ENCRYPTED.sessionKey,
    )
    expect(verifyOpenData({ code: 'c', ...own }, exchange(DOC_ENCRYPTED.sessionKey), app)).toEqual({
      profile: { nickname: 'Ann' },
      unionid: null,
    })
  })

  it.each([
    [
      'a stale session_key (bad padding)',
      { sessionKey: DOC_SIGNED.sessionKey },
      'cannot be decrypted',
    ],
    ['a wrong iv', { iv: Buffer.alloc(16).toString('base64') }, 'cannot be decrypted'],
    ['an iv of 8 bytes', { iv: Buffer.alloc(8).toString('base64') }, 'iv: must decode to 16 bytes'],
    [
      'data that is not whole blocks',
      { encryptedData: Buffer.alloc(20).toString('base64') },
      'multiple of 16 bytes',
    ],
    ['data that is not base64', { encryptedData: '***' }, 'encryptedData: is not base64'],
    ['an iv that is not base64', { iv: 'r7BX$KkLb8qrSNn05n0qiA==' }, 'iv: is not base64'],
    [
      "'+' turned into a space by form encoding",
      { encryptedData: DOC_ENCRYPTED.encryptedData.replaceAll('+', ' ') },
      'send it as JSON',
    ],
    [
      'a plaintext that is not JSON',
      encrypt('not json', DOC_ENCRYPTED.sessionKey),
      'cannot be decrypted',
    ],
  ])('%s → 400 VALIDATION_FAILED', (_name, change, message) => {
    const { sessionKey = DOC_ENCRYPTED.sessionKey, ...fields } = change as {
      sessionKey?: string
      encryptedData?: string
      iv?: string
    }
    const err = failure(() => verifyOpenData({ ...docInput, ...fields }, exchange(sessionKey), app))
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toContain(message)
  })

  it('a malformed session_key from WeChat is an upstream error, not the client’s', () => {
    expect(failure(() => verifyOpenData(docInput, exchange('c2hvcnQ='), app)).code).toBe(
      'WX_UPSTREAM_ERROR',
    )
  })
})

describe('verifyOpenData: no session_key (a replayed code answered from the cache)', () => {
  it('ignores the open data, even a wrong signature', () => {
    expect(
      verifyOpenData({ code: 'c', rawData: '{}', signature: '0'.repeat(40) }, exchange(null), app),
    ).toBeUndefined()
  })

  it('still refuses half a pair', () => {
    expect(
      failure(() => verifyOpenData({ code: 'c', iv: DOC_ENCRYPTED.iv }, exchange(null), app)).code,
    ).toBe('VALIDATION_FAILED')
  })
})

it('no open data → undefined', () => {
  expect(verifyOpenData({ code: 'c' }, exchange('k'), app)).toBeUndefined()
})
