import { PhoneNumberReplySchema, readReply } from '@wxlogin/wechat-wire'
import { AppError } from '../app-error.js'
import type { WxApp } from '../config.js'
import type { Logger } from '../logger.js'
import type { WxReply } from './wechat-http.js'
import { successOf } from './wx-failure.js'

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
 * `countryCode` arrives as a string in practice and as a number in the docs (docs/wechat.md, "Phone
 * numbers"): both are accepted, with or without a leading `+`.
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
 * Reads a getuserphonenumber reply for `app`: errcodes through the errcode table (a used or
 * wrong code is PHONE_CODE_INVALID; the access-token family was retried once before this). The
 * watermark must name our AppID: a phone number issued to another mini-program is not proof of
 * anything here. Never logs the number.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
 */
export function phoneFromReply(reply: WxReply, app: WxApp, logger: Logger): PhoneNumber {
  const read = readReply(PhoneNumberReplySchema, reply)
  const info = successOf(ENDPOINT, read, logger, app.appId).phone_info
  const watermarkAppId = info.watermark.appid
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
