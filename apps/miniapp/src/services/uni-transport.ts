import type { Transport, TransportResponse, UploadTransport } from '@wxlogin/shared/client'

type UniMethod = NonNullable<UniApp.RequestOptions['method']>

/** 20 s instead of uni's 60 s default: the server bounds its own WeChat retries well below it. */
const TIMEOUT_MS = 20_000

/** Header names vary in case between platforms; the client reads them lower-cased. */
function lowerCaseKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value)
  }
  return out
}

/** `uploadFile` always hands back the body as a string. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data === '' ? undefined : data
  try {
    return JSON.parse(data) as unknown
  } catch {
    return data
  }
}

const failure = (err: { errMsg?: string }) => new Error(err.errMsg || 'request:fail')

/**
 * The shared client's transport over `uni.request`. uni calls `success` for EVERY HTTP status
 * (https://uniapp.dcloud.net.cn/api/request/request.html), so the status goes to the client as
 * is; only `fail` (offline, timeout, abort) rejects.
 */
export const uniRequestTransport: Transport = (req) =>
  new Promise<TransportResponse>((resolve, reject) => {
    let method: string = req.method
    const header: Record<string, string> = { ...req.headers }
    if (req.body !== undefined) header['content-type'] = 'application/json'
    // #ifdef MP-WEIXIN
    // wx.request has no PATCH (its method list stops at CONNECT:
    // https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html).
    if (method === 'PATCH') {
      method = 'POST'
      header['x-http-method-override'] = 'PATCH'
    }
    // #endif
    uni.request({
      url: req.url,
      method: method as UniMethod,
      header,
      data: req.body as UniApp.RequestOptions['data'],
      dataType: 'json',
      timeout: TIMEOUT_MS,
      success: (res) =>
        resolve({
          status: res.statusCode,
          body: parseBody(res.data),
          headers: lowerCaseKeys(res.header),
        }),
      fail: (err) => reject(failure(err)),
    })
  })

/** Avatar upload over `uni.uploadFile`; `file` is the temp path from chooseAvatar/chooseImage. */
export const uniUploadTransport: UploadTransport = (req) =>
  new Promise<TransportResponse>((resolve, reject) => {
    uni.uploadFile({
      url: req.url,
      filePath: String(req.file),
      name: req.name,
      header: req.headers,
      timeout: TIMEOUT_MS,
      success: (res) => resolve({ status: res.statusCode, body: parseBody(res.data) }),
      fail: (err) => reject(failure(err)),
    })
  })
