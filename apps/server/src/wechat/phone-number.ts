import { AppError } from '../app-error.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import { WX_BUSY } from './errcodes.js'
import type { WxReply } from './wechat-http.js'

/** A phone number as the store keeps it (store.ts `PhoneInput`). */
export interface PhoneNumber {
  /** E.164, e.g. `+8613800138000`. */
  phone: string
  /** WeChat's purePhoneNumber, e.g. `13800138000`. */
  phoneNational: string
  /** Digits only, e.g. `86`. */
  phoneCountryCode: string
}

const ENDPOINT = 'getuserphonenumber'
const COUNTRY_CODE = /^\d{1,4}$/
const NATIONAL = /^\d{4,15}$/
/** E.164 allows at most 15 digits, country code included. */
const E164_MAX_DIGITS = 15

/**
 * WeChat's phone_info → our three fields, or null when it is not a plausible number.
 * `countryCode` arrives as a string in practice and as a number in the docs (WECHAT.md, "Phone
 * number"): both are accepted, with or without a leading `+`.
 */
export function normalizePhone(info: {
  purePhoneNumber?: unknown
  countryCode?: unknown
}): PhoneNumber | null {
  const raw = info.countryCode
  const countryCode =
    typeof raw === 'number' && Number.isInteger(raw)
      ? String(raw)
      : typeof raw === 'string'
        ? raw.trim().replace(/^\+/, '')
        : ''
  const national = typeof info.purePhoneNumber === 'string' ? info.purePhoneNumber.trim() : ''
  if (!COUNTRY_CODE.test(countryCode) || countryCode.startsWith('0') || !NATIONAL.test(national))
    return null
  if (countryCode.length + national.length > E164_MAX_DIGITS) return null
  return {
    phone: `+${countryCode}${national}`,
    phoneNational: national,
    phoneCountryCode: countryCode,
  }
}

/**
 * getuserphonenumber errcodes → our closed union. Token errcodes (40001/42001/40014) never reach
 * here: the access-token manager retries them once first.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
 */
function phoneError(errcode: number, errmsg: string, logger: Logger): AppError {
  switch (errcode) {
    // 40029: invalid or expired code (also a wx.login code passed by mistake: WxJava #2821);
    // 40163: code already used; 41008: no code.
    case 40029:
    case 40163:
    case 41008:
      return new AppError('PHONE_CODE_INVALID')
    case 45011:
      return new AppError('WX_RATE_LIMITED', undefined, { headers: { 'Retry-After': '60' } })
    case WX_BUSY:
      return new AppError('WX_UNAVAILABLE')
    default:
      logger.error({ endpoint: ENDPOINT, errcode, errmsg }, 'WeChat returned an unexpected errcode')
      return new AppError('WX_UPSTREAM_ERROR')
  }
}

const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null

/**
 * Reads a getuserphonenumber reply for `app`. The watermark must name our AppID: a phone number
 * issued to another mini-program is not proof of anything here. Never logs the number.
 */
export function phoneFromReply(reply: WxReply, app: WxApp, logger: Logger): PhoneNumber {
  if (reply.errcode) throw phoneError(reply.errcode, String(reply.errmsg ?? ''), logger)
  const info = record(reply.phone_info)
  if (!info) {
    logger.error({ endpoint: ENDPOINT }, 'WeChat reply has no phone_info')
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  const watermarkAppId = record(info.watermark)?.appid
  if (watermarkAppId !== app.appId) {
    logger.error(
      { endpoint: ENDPOINT, appId: app.appId, watermarkAppId },
      'phone_info watermark names another AppID',
    )
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  const phone = normalizePhone(info)
  if (!phone) {
    logger.error({ endpoint: ENDPOINT }, 'WeChat sent a phone number that is not plausible')
    throw new AppError('WX_UPSTREAM_ERROR')
  }
  return phone
}
