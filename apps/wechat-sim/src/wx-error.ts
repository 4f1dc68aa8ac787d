import { randomBytes } from 'node:crypto'

export interface WxError {
  errcode: number
  errmsg: string
}

// errmsg texts as the real API words them, so logs and error mapping look like production.
const MESSAGES: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  87009: 'invalid signature',
}

// Per-process prefix + counter: unique enough to correlate with a log line, and O(1).
const ridPrefix = randomBytes(4).toString('hex')
let ridCounter = 0

function nextRid(): string {
  ridCounter = (ridCounter + 1) >>> 0
  const seconds = Math.floor(Date.now() / 1000).toString(16)
  return `${seconds}-${ridPrefix}-${ridCounter.toString(16).padStart(8, '0')}`
}

/** A WeChat error body: `errmsg` ends with `, rid: <hex id>` as the real API's does. */
export function wxError(errcode: number, detail?: string): WxError {
  const text = MESSAGES[errcode] ?? 'simulated error'
  const withDetail = detail === undefined ? text : `${text}: ${detail}`
  return { errcode, errmsg: `${withDetail}, rid: ${nextRid()}` }
}

export function isWxError(body: object): body is WxError {
  const errcode = (body as { errcode?: unknown }).errcode
  return typeof errcode === 'number' && errcode !== 0
}
