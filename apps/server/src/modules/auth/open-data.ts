import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto'
import { WxProfile, type WxLoginRequest } from '@wxlogin/shared/dto'
import { AppError } from '../../app-error.js'
import type { WxApp } from '../../config.js'
import type { Profile } from '../../store/store.js'
import type { ExchangeResult } from './code-exchange.js'
import { profileFromWx } from './profile-filter.js'

/**
 * Legacy open data on `POST /api/auth/wx-login` (docs/wechat.md, "Legacy open data"):
 * - `rawData` + `signature`: signature = hex sha1(rawData + session_key), compared in constant time
 *   https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html
 * - `encryptedData` + `iv`: AES-128-CBC / PKCS#7 with key = base64-decode(session_key), then
 *   `watermark.appid` must be this mini-program's.
 *
 * The session_key must be the one of THIS request's code exchange: WeChat signs open data with
 * the key it holds when the data is fetched, and a later wx.login may rotate it (stale data).
 *
 * Every failure is a 400 VALIDATION_FAILED, not 401 WX_CODE_INVALID: WeChat accepted the code, so
 * the login itself is fine; what is wrong is the extra data the client attached. A 401 would
 * also make clients run wx.login again, which rotates the key and makes the data staler still.
 *
 * A repeated code (double tap, retry) is answered from the code cache, which holds no
 * session_key (it is never stored). Its open data cannot be verified, so it is ignored: the
 * contract promises the same user for a repeated code rather than an error, and the first
 * request of the pair already verified and applied the same data. Ignoring is safe because
 * unverified data never reaches the store this way. A half pair is still a 400 there.
 */

export interface OpenDataResult {
  /** Profile fields from the verified data, WeChat's anonymous placeholders filtered out. */
  profile: Partial<Profile>
  /** From the decrypted data (`unionId`), when present. */
  unionid: string | null
}

const SIGNATURE = /^[0-9a-f]{40}$/i
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const AES_BLOCK = 16
const SEND_JSON = "send it as JSON: form encoding turns base64's '+' into a space"

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, {
    details: { formErrors: [], fieldErrors: { [field]: [message] } },
  })
}

function pairOf(
  a: [string, string | undefined],
  b: [string, string | undefined],
): [string, string] | null {
  const [aName, aValue] = a
  const [bName, bValue] = b
  if (aValue === undefined && bValue === undefined) return null
  if (aValue === undefined) throw invalid(aName, `required together with ${bName}`)
  if (bValue === undefined) throw invalid(bName, `required together with ${aName}`)
  return [aValue, bValue]
}

/** Strict base64 (no whitespace, no URL alphabet). A space is the form-encoding trap. */
function base64(field: string, text: string): Buffer {
  if (text.includes(' '))
    throw invalid(field, `contains a space where base64 has '+'; ${SEND_JSON}`)
  if (!BASE64.test(text)) throw invalid(field, 'is not base64')
  return Buffer.from(text, 'base64')
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function profileOf(field: string, data: unknown): Partial<Profile> {
  const parsed = WxProfile.safeParse(data)
  if (!isRecord(data) || !parsed.success) throw invalid(field, 'is not a WeChat user info object')
  return profileFromWx(parsed.data)
}

function checkSignature(rawData: string, signature: string, sessionKey: string): Partial<Profile> {
  if (!SIGNATURE.test(signature)) throw invalid('signature', 'must be 40 hex characters (sha1)')
  const expected = Buffer.from(
    createHash('sha1')
      .update(rawData + sessionKey, 'utf8')
      .digest('hex'),
    'latin1',
  )
  const given = Buffer.from(signature.toLowerCase(), 'latin1')
  // Both are 40 bytes here (checked above), as timingSafeEqual requires.
  if (!timingSafeEqual(given, expected)) {
    throw invalid(
      'signature',
      "does not match rawData with this login's session_key (call wx.login before getUserInfo, not after)",
    )
  }
  let data: unknown
  try {
    data = JSON.parse(rawData)
  } catch {
    throw invalid('rawData', 'is not JSON')
  }
  return profileOf('rawData', data)
}

function decrypt(encryptedData: string, iv: string, sessionKey: string): unknown {
  const data = base64('encryptedData', encryptedData)
  const ivBytes = base64('iv', iv)
  if (ivBytes.length !== AES_BLOCK) throw invalid('iv', `must decode to ${AES_BLOCK} bytes`)
  if (data.length === 0 || data.length % AES_BLOCK !== 0)
    throw invalid('encryptedData', `must decode to a multiple of ${AES_BLOCK} bytes; ${SEND_JSON}`)
  const key = Buffer.from(sessionKey, 'base64')
  // WeChat's session_key is base64 of 16 bytes; anything else is WeChat's fault, not the client's.
  if (key.length !== AES_BLOCK)
    throw new AppError('WX_UPSTREAM_ERROR', 'WeChat returned a malformed session_key.')
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, ivBytes) // PKCS#7 unpadding is on by default
    const plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')
    return JSON.parse(plain) as unknown
  } catch {
    // Bad padding or garbage: a stale key (wx.login called after the data was fetched) or mangled base64.
    throw invalid(
      'encryptedData',
      `cannot be decrypted with this login's session_key: call wx.login before fetching the data, and ${SEND_JSON}`,
    )
  }
}

function checkEncrypted(
  encryptedData: string,
  iv: string,
  sessionKey: string,
  exchange: ExchangeResult,
  app: WxApp,
): OpenDataResult {
  const data = decrypt(encryptedData, iv, sessionKey)
  if (!isRecord(data)) throw invalid('encryptedData', 'is not a WeChat user info object')
  const watermark = data.watermark
  if (!isRecord(watermark) || typeof watermark.appid !== 'string')
    throw invalid('encryptedData', 'has no watermark')
  if (watermark.appid !== app.appId)
    throw invalid('encryptedData', 'belongs to another mini-program (watermark.appid)')
  if (data.openId !== undefined && data.openId !== exchange.openid)
    throw invalid('encryptedData', 'belongs to another user (openId)')
  const unionid = typeof data.unionId === 'string' && data.unionId.length > 0 ? data.unionId : null
  return { profile: profileOf('encryptedData', data), unionid }
}

/** The `verifyOpenData` hook of the auth service; undefined when the request carries no open data. */
export function verifyOpenData(
  input: WxLoginRequest,
  exchange: ExchangeResult,
  app: WxApp,
): OpenDataResult | undefined {
  const signed = pairOf(['rawData', input.rawData], ['signature', input.signature])
  const encrypted = pairOf(['encryptedData', input.encryptedData], ['iv', input.iv])
  if (!signed && !encrypted) return undefined
  const { sessionKey } = exchange
  if (sessionKey === null) return undefined // a replayed code: see the file comment
  const fromRaw = signed ? checkSignature(signed[0], signed[1], sessionKey) : {}
  const fromEncrypted = encrypted
    ? checkEncrypted(encrypted[0], encrypted[1], sessionKey, exchange, app)
    : null
  return {
    profile: { ...fromRaw, ...fromEncrypted?.profile },
    unionid: fromEncrypted?.unionid ?? null,
  }
}
