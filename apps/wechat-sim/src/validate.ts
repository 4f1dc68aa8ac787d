import { ENCODING_AES_KEY_PATTERN, PUSH_TOKEN_PATTERN } from '@wxlogin/wechat-wire'
import { ENDPOINTS } from './types.js'
import type {
  AppCredentials,
  ContentRules,
  Endpoint,
  FaultSpec,
  LoginCodeInput,
  PhoneCodeInput,
  PushTarget,
} from './types.js'

/** Bad input to the control API or to the in-process methods (a 400 over HTTP). */
export class InputError extends Error {
  override readonly name = 'InputError'
}

type Fields = Record<string, unknown>

function asFields(body: unknown): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('body must be a JSON object')
  }
  return body as Fields
}

function optionalString(fields: Fields, key: string, maxLength: number): string | undefined {
  const value = fields[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new InputError(`${key} must be a string of 1..${maxLength} characters`)
  }
  return value
}

function optionalInteger(
  fields: Fields,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = fields[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${key} must be an integer in ${min}..${max}`)
  }
  return value
}

export function parseLoginCodeInput(body: unknown): LoginCodeInput {
  const fields = asFields(body ?? {})
  return {
    openid: optionalString(fields, 'openid', 128),
    unionid: optionalString(fields, 'unionid', 128),
    appId: optionalString(fields, 'appId', 64),
  }
}

export function parsePhoneCodeInput(body: unknown): PhoneCodeInput {
  const fields = asFields(body)
  const phoneNumber = fields.phoneNumber
  if (typeof phoneNumber !== 'string' || !/^\d{4,20}$/.test(phoneNumber)) {
    throw new InputError('phoneNumber must be 4..20 digits, without country prefix')
  }
  // Accept a number too: WeChat's docs show countryCode as a number, practice as a string.
  const rawCountry =
    typeof fields.countryCode === 'number' ? String(fields.countryCode) : fields.countryCode
  if (
    rawCountry !== undefined &&
    (typeof rawCountry !== 'string' || !/^\d{1,4}$/.test(rawCountry))
  ) {
    throw new InputError('countryCode must be 1..4 digits')
  }
  return {
    openid: optionalString(fields, 'openid', 128),
    phoneNumber,
    countryCode: rawCountry,
  }
}

export function parseFaultSpec(body: unknown): FaultSpec {
  const fields = asFields(body)
  const endpoint = fields.endpoint
  if (typeof endpoint !== 'string' || !(ENDPOINTS as readonly string[]).includes(endpoint)) {
    throw new InputError(`endpoint must be one of ${ENDPOINTS.join(', ')}`)
  }
  const errcode = optionalInteger(fields, 'errcode', -1_000_000, 1_000_000)
  if (errcode === 0) throw new InputError('errcode 0 is not a fault; omit errcode instead')
  const httpStatus = optionalInteger(fields, 'httpStatus', 200, 599)
  if (errcode !== undefined && httpStatus !== undefined) {
    throw new InputError('give errcode or httpStatus, not both')
  }
  return {
    endpoint: endpoint as Endpoint,
    errcode,
    httpStatus,
    delayMs: optionalInteger(fields, 'delayMs', 0, 60_000),
    times: optionalInteger(fields, 'times', 1, 1_000_000),
  }
}

export function parseAppCredentials(body: unknown): AppCredentials {
  const fields = asFields(body)
  const appId = optionalString(fields, 'appId', 64)
  const secret = optionalString(fields, 'secret', 128)
  if (appId === undefined || secret === undefined) {
    throw new InputError('appId and secret are required')
  }
  return { appId, secret }
}

function optionalWords(fields: Fields, key: string): string[] | undefined {
  const value = fields[key]
  if (value === undefined || value === null) return undefined
  if (
    !Array.isArray(value) ||
    value.length > 100 ||
    !value.every((w) => typeof w === 'string' && w.length > 0 && w.length <= 64)
  ) {
    throw new InputError(`${key} must be an array of at most 100 strings of 1..64 characters`)
  }
  return value as string[]
}

export function parseContentRules(body: unknown): ContentRules {
  const fields = asFields(body)
  const verdict = fields.imageVerdict
  if (verdict !== undefined && verdict !== 'pass' && verdict !== 'risky' && verdict !== 'review') {
    throw new InputError('imageVerdict must be pass, risky or review')
  }
  const rules: ContentRules = {
    riskyWords: optionalWords(fields, 'riskyWords'),
    reviewWords: optionalWords(fields, 'reviewWords'),
    imageVerdict: verdict,
    pushDelayMs: optionalInteger(fields, 'pushDelayMs', 0, 600_000),
  }
  // Only the fields given: the others keep their value.
  return Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined))
}

export function parsePushTarget(body: unknown): PushTarget {
  const fields = asFields(body)
  const url = optionalString(fields, 'url', 2048)
  if (url === undefined || !/^https?:\/\/[^\s#]+$/.test(url) || !URL.canParse(url)) {
    throw new InputError('url must be an http(s) URL')
  }
  const token = fields.token
  if (typeof token !== 'string' || !PUSH_TOKEN_PATTERN.test(token)) {
    throw new InputError('token must be 3..32 letters and digits')
  }
  const aesKey = fields.aesKey
  if (
    aesKey !== undefined &&
    (typeof aesKey !== 'string' || !ENCODING_AES_KEY_PATTERN.test(aesKey))
  ) {
    throw new InputError('aesKey must be a 43-character EncodingAESKey')
  }
  return aesKey === undefined ? { url, token } : { url, token, aesKey }
}
