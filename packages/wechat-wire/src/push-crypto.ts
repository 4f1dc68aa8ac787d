import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'

/*
 * Message push (消息推送): how WeChat signs, and in safe mode encrypts, what it pushes to a
 * server, and how a URL is verified. Node's crypto only: AES-256-CBC with WeChat's own padding
 * (PKCS#7 to 32-byte blocks, not AES's 16) is a dozen lines, small enough to audit here, and the
 * unit tests check them against WeChat's documented examples.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
 */

/** The Token set in the MP console: 3..32 letters and digits. */
export const PUSH_TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/
/** The EncodingAESKey: 43 letters and digits, the base64 of a 32-byte key without its `=`. */
export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/

/** WeChat pads to 32 bytes (the key size), not to the AES block size. */
const PAD_BLOCK = 32
const AES_BLOCK = 16
const RANDOM_PREFIX = 16
const LENGTH_FIELD = 4
/** A pushed event is a few KB; anything far larger is not one. */
const MAX_ENCRYPTED_CHARS = 1024 * 1024
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * sha1 of the parts sorted as strings and joined, hex: `signature` over (token, timestamp,
 * nonce), `msg_signature` over (token, timestamp, nonce, Encrypt).
 */
export function pushSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')
}

/** Compares a presented signature with the expected one in constant time. */
export function signatureMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(presented.toLowerCase(), 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The 32-byte AES key of an EncodingAESKey; its first 16 bytes are the IV. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY_PATTERN.test(encodingAesKey))
    throw new Error('an EncodingAESKey is 43 letters and digits')
  return Buffer.from(`${encodingAesKey}=`, 'base64')
}

export type DecryptedPush =
  | { ok: true; message: string; appId: string }
  /** `reason` names what is wrong, never the content. */
  | { ok: false; reason: string }

/**
 * Decrypts a safe-mode `Encrypt` field: AES-256-CBC, then 16 random bytes | 4-byte big-endian
 * message length | message | appid. The caller checks that `appId` is its own.
 */
export function decryptPushMessage(encodingAesKey: string, encrypt: string): DecryptedPush {
  if (encrypt.length > MAX_ENCRYPTED_CHARS || !BASE64.test(encrypt))
    return { ok: false, reason: 'Encrypt is not base64' }
  const data = Buffer.from(encrypt, 'base64')
  if (data.length === 0 || data.length % AES_BLOCK !== 0)
    return { ok: false, reason: 'Encrypt is not a whole number of AES blocks' }
  const key = aesKeyOf(encodingAesKey)
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK))
  decipher.setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(data), decipher.final()])
  const pad = plain[plain.length - 1] ?? 0
  if (pad < 1 || pad > PAD_BLOCK || plain.subarray(plain.length - pad).some((b) => b !== pad))
    return { ok: false, reason: 'bad padding (wrong EncodingAESKey?)' }
  const body = plain.subarray(0, plain.length - pad)
  if (body.length < RANDOM_PREFIX + LENGTH_FIELD) return { ok: false, reason: 'too short' }
  const length = body.readUInt32BE(RANDOM_PREFIX)
  const start = RANDOM_PREFIX + LENGTH_FIELD
  if (length > body.length - start) return { ok: false, reason: 'message length out of range' }
  return {
    ok: true,
    message: body.toString('utf8', start, start + length),
    appId: body.toString('utf8', start + length),
  }
}

/** The reverse of decryptPushMessage: what WeChat (and the simulator) put in `Encrypt`. */
export function encryptPushMessage(
  encodingAesKey: string,
  message: string,
  appId: string,
  random: Buffer = randomBytes(RANDOM_PREFIX),
): string {
  if (random.length !== RANDOM_PREFIX) throw new Error('the random prefix is 16 bytes')
  const text = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(LENGTH_FIELD)
  length.writeUInt32BE(text.length)
  const body = Buffer.concat([random, length, text, Buffer.from(appId, 'utf8')])
  const pad = PAD_BLOCK - (body.length % PAD_BLOCK)
  const key = aesKeyOf(encodingAesKey)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK))
  cipher.setAutoPadding(false)
  return Buffer.concat([
    cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64')
}
