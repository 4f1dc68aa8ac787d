import { describe, expect, it } from 'vitest'
import {
  aesKeyOf,
  decryptPushMessage,
  encryptPushMessage,
  pushSignature,
  signatureMatches,
} from './push-crypto.js'

/*
 * WeChat's own examples, copied as documented:
 * - MP: the mini-program message-push page, "接收消息推送" (URL verification, a plaintext push, a
 *   safe-mode push and an encrypted reply), with Token "AAAAA" and EncodingAESKey 43 × "A":
 *   https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 * - SAMPLE: WeChat's WXBizMsgCrypt sample code (cryptoDemo.zip, linked from the page above), test
 *   testAesEncrypt, as WxJava keeps it in
 *   weixin-java-common/src/test/java/me/chanjar/weixin/common/util/crypto/WxCryptUtilTest.java.
 */
const MP = {
  token: 'AAAAA',
  aesKey: 'A'.repeat(43),
  appId: 'wxba5fad812f8e6fb9',
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
  message:
    '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
}

const SAMPLE = {
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypt:
    'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
}

describe('push signatures (WeChat examples)', () => {
  it('URL verification: Token AAAAA, timestamp 1714036504, nonce 1514711492', () => {
    expect(pushSignature(MP.token, '1714036504', '1514711492')).toBe(
      'f464b24fc39322e44b38aa78f5edd27bd1441696',
    )
  })

  it('a plaintext push: timestamp 1714037059, nonce 486452656', () => {
    expect(pushSignature(MP.token, '1714037059', '486452656')).toBe(
      '899cf89e464efb63f54ddac96b0a0a235f53aa78',
    )
  })

  it('a safe-mode push: msg_signature covers the Encrypt field', () => {
    expect(pushSignature(MP.token, '1714112445', '415670741', MP.encrypt)).toBe(
      '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    )
  })

  it('compares in constant time, case-insensitively for hex, and refuses what differs', () => {
    const sig = 'f464b24fc39322e44b38aa78f5edd27bd1441696'
    expect(signatureMatches(sig, sig)).toBe(true)
    expect(signatureMatches(sig, sig.toUpperCase())).toBe(true)
    expect(signatureMatches(sig, undefined)).toBe(false)
    expect(signatureMatches(sig, '')).toBe(false)
    expect(signatureMatches(sig, `${sig.slice(0, -1)}7`)).toBe(false)
    expect(signatureMatches(sig, `${sig}0`)).toBe(false)
  })
})

describe('push decryption (WeChat examples)', () => {
  it('decrypts the safe-mode example to its message and appid', () => {
    expect(decryptPushMessage(MP.aesKey, MP.encrypt)).toEqual({
      ok: true,
      message: MP.message,
      appId: MP.appId,
    })
  })

  it('encrypts the documented reply exactly (random 707722b803182950) and signs it', () => {
    const encrypt = encryptPushMessage(
      MP.aesKey,
      '{"demo_resp":"good luck"}',
      MP.appId,
      Buffer.from('707722b803182950'),
    )
    expect(encrypt).toBe(
      'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    )
    expect(pushSignature(MP.token, '1713424427', '415670741', encrypt)).toBe(
      '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
    )
  })

  it("matches WeChat's sample code (random aaaabbbbccccdddd) both ways", () => {
    const encrypt = encryptPushMessage(
      SAMPLE.aesKey,
      SAMPLE.message,
      SAMPLE.appId,
      Buffer.from(SAMPLE.random),
    )
    expect(encrypt).toBe(SAMPLE.encrypt)
    expect(decryptPushMessage(SAMPLE.aesKey, SAMPLE.encrypt)).toEqual({
      ok: true,
      message: SAMPLE.message,
      appId: SAMPLE.appId,
    })
  })

  it('round-trips any message, whatever its length against the 32-byte padding', () => {
    for (const length of [0, 1, 11, 12, 13, 31, 32, 33, 100, 1000]) {
      const message = 'é'.repeat(length)
      const encrypt = encryptPushMessage(MP.aesKey, message, MP.appId)
      expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0)
      expect(decryptPushMessage(MP.aesKey, encrypt)).toEqual({
        ok: true,
        message,
        appId: MP.appId,
      })
    }
  })

  it.each([
    ['not base64', '!!!not-base64!!!'],
    ['empty', ''],
    ['not whole AES blocks', 'YWJj'],
    ['bad padding (16 zero bytes)', 'AAAAAAAAAAAAAAAAAAAAAA=='],
  ])('refuses an Encrypt that is %s, without throwing', (_name, encrypt) => {
    expect(decryptPushMessage(MP.aesKey, encrypt)).toMatchObject({ ok: false })
  })

  it('refuses a message encrypted with another key (the padding does not check out)', () => {
    const encrypt = encryptPushMessage(SAMPLE.aesKey, 'hello', MP.appId)
    expect(decryptPushMessage(MP.aesKey, encrypt)).toMatchObject({ ok: false })
  })

  it('refuses a tampered ciphertext: a changed length field, a changed padding', () => {
    const tamper = (index: number, mask: number) => {
      const bytes = Buffer.from(MP.encrypt, 'base64')
      bytes[index] = (bytes[index] ?? 0) ^ mask
      return decryptPushMessage(MP.aesKey, bytes.toString('base64'))
    }
    // CBC: a byte of ciphertext block 0 flips the same byte of plaintext block 1, where the
    // length field starts (its high byte becomes 0x80: far past the end).
    expect(tamper(0, 0x80)).toEqual({ ok: false, reason: 'message length out of range' })
    // The last byte of the block before the last flips the pad byte (19 here) to 0.
    const size = Buffer.from(MP.encrypt, 'base64').length
    expect(tamper(size - 17, 19)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/padding/),
    })
  })

  it('only takes a 43-character EncodingAESKey', () => {
    expect(aesKeyOf(MP.aesKey)).toHaveLength(32)
    expect(() => aesKeyOf('A'.repeat(42))).toThrow(/43/)
    expect(() => aesKeyOf(`${'A'.repeat(42)}+`)).toThrow(/43/)
  })
})
