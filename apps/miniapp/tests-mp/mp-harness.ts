import { existsSync, readFileSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { URL } from 'node:url'
import type * as Simulate from 'miniprogram-simulate'

const require = createRequire(import.meta.url)
// happy-dom cannot resolve `new URL('..', import.meta.url)` (probe trap 10): use path.
export const MINIAPP_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
export const MP_DIST = path.join(MINIAPP_DIR, 'dist/build/mp-weixin')
export const H5_DIST = path.join(MINIAPP_DIR, 'dist/build/h5')

export function assertBuilt(dir: string): void {
  if (!existsSync(dir))
    throw new Error(`${dir} is missing: run \`pnpm --filter @wxlogin/miniapp build\` first`)
}

/** wx.request accepts only these (https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html). */
const WX_METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'])

interface WxCallbacks<T> {
  success?: (res: T) => void
  fail?: (err: { errMsg: string }) => void
  complete?: () => void
}
interface WxRequestOptions extends WxCallbacks<unknown> {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
  dataType?: string
}

export interface SentRequest {
  method: string
  path: string
  header: Record<string, string>
}

/** Sends over real HTTP to `apiUrl`, keeping the path of whatever base URL the bundle used. */
function forward(apiUrl: string, opts: WxRequestOptions, sent: SentRequest[]): void {
  const method = (opts.method ?? 'GET').toUpperCase()
  if (!WX_METHODS.has(method)) {
    opts.fail?.({
      errMsg: `request:fail parameter error: parameter.method should be one of ${[...WX_METHODS].join(', ')}`,
    })
    return
  }
  const original = new URL(opts.url)
  const target = new URL(original.pathname + original.search, apiUrl)
  const header = opts.header ?? {}
  sent.push({ method, path: original.pathname, header })
  const body = opts.data === undefined || method === 'GET' ? undefined : JSON.stringify(opts.data)
  const req = http.request(
    target,
    {
      method,
      // An explicit length, as WeChat sends: Node would send a DELETE body without one.
      headers: body
        ? {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...header,
          }
        : header,
    },
    (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let data: unknown = text
        if (opts.dataType !== 'text' && text) {
          try {
            data = JSON.parse(text)
          } catch {
            data = text
          }
        }
        opts.success?.({
          statusCode: res.statusCode,
          data,
          header: res.headers,
          errMsg: 'request:ok',
        })
        opts.complete?.()
      })
    },
  )
  req.on('error', (err) => {
    opts.fail?.({ errMsg: `request:fail ${err.message}` })
    opts.complete?.()
  })
  req.end(body)
}

interface WxUploadOptions extends WxCallbacks<unknown> {
  url: string
  filePath: string
  name: string
  header?: Record<string, string>
}

/**
 * wx.uploadFile over real HTTP: one multipart/form-data part named `name` holding the file at
 * `filePath`. Like WeChat's, its success result has `data` (a string) and `statusCode`, no headers.
 */
function upload(apiUrl: string, opts: WxUploadOptions, sent: SentRequest[]): void {
  const original = new URL(opts.url)
  const header = opts.header ?? {}
  sent.push({ method: 'POST', path: original.pathname, header })
  const boundary = `----wxlogin${Date.now().toString(16)}`
  const file = readFileSync(opts.filePath)
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${opts.name}"; filename="${path.basename(opts.filePath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const req = http.request(
    new URL(original.pathname, apiUrl),
    {
      method: 'POST',
      headers: { ...header, 'content-type': `multipart/form-data; boundary=${boundary}` },
    },
    (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        opts.success?.({
          statusCode: res.statusCode,
          data: Buffer.concat(chunks).toString('utf8'),
          errMsg: 'uploadFile:ok',
        })
        opts.complete?.()
      })
    },
  )
  req.on('error', (err) => opts.fail?.({ errMsg: `uploadFile:fail ${err.message}` }))
  req.end(body)
}

export interface WxStubOptions {
  apiUrl: string
  /** What wx.login hands out (e.g. a code minted by the simulator). */
  loginCode: () => Promise<string>
}

/** The `wx` global the bundle runs against: real HTTP for requests, storage in memory. */
export function createWx({ apiUrl, loginCode }: WxStubOptions) {
  const storage = new Map<string, unknown>()
  const sent: SentRequest[] = []
  const navigations: Array<{ api: string; url: string }> = []
  const systemInfo = {
    platform: 'devtools',
    pixelRatio: 2,
    windowWidth: 375,
    windowHeight: 667,
    screenWidth: 375,
    screenHeight: 667,
    language: 'zh_CN',
    version: '8.0.50',
    SDKVersion: '3.5.0',
    theme: 'light',
  }
  const ok = <T>(opts: WxCallbacks<T> | undefined, res: T) => {
    opts?.success?.(res)
    opts?.complete?.()
  }
  const navigate =
    (api: string) => (opts: { url?: string; delta?: number } & WxCallbacks<{ errMsg: string }>) => {
      navigations.push({ api, url: opts.url ?? `back:${opts.delta ?? 1}` })
      ok(opts, { errMsg: `${api}:ok` })
    }
  /** What the modals asked, and how the next ones are answered (confirm unless told). */
  const modals: Array<{ title?: string; content?: string }> = []
  const modalAnswers: boolean[] = []
  const toasts: string[] = []
  /** The app's onNeedPrivacyAuthorization listener, for the test to play WeChat asking. */
  const privacy: { listener: ((resolve: (r: unknown) => void) => void) | null } = {
    listener: null,
  }
  const privacyContractOpened: unknown[] = []
  const wx = {
    getSystemInfoSync: () => systemInfo,
    getWindowInfo: () => systemInfo,
    getDeviceInfo: () => systemInfo,
    getAppBaseInfo: () => systemInfo,
    getSystemSetting: () => ({}),
    getAppAuthorizeSetting: () => ({}),
    getAccountInfoSync: () => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' },
    }),
    canIUse: () => true,
    login: (opts: WxCallbacks<{ code: string; errMsg: string }>) => {
      loginCode().then(
        (code) => ok(opts, { code, errMsg: 'login:ok' }),
        (err: Error) => opts.fail?.({ errMsg: `login:fail ${err.message}` }),
      )
    },
    request: (opts: WxRequestOptions) => {
      forward(apiUrl, opts, sent)
      return { abort: () => undefined }
    },
    setStorageSync: (key: string, value: unknown) => void storage.set(key, structuredClone(value)),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    removeStorageSync: (key: string) => void storage.delete(key),
    uploadFile: (opts: WxUploadOptions) => {
      upload(apiUrl, opts, sent)
      return { abort: () => undefined }
    },
    showToast: (opts?: { title?: string } & WxCallbacks<unknown>) => {
      toasts.push(opts?.title ?? '')
      ok(opts, {})
    },
    showModal: (opts: { title?: string; content?: string } & WxCallbacks<unknown>) => {
      modals.push({ title: opts.title, content: opts.content })
      const confirm = modalAnswers.shift() ?? true
      ok(opts, { confirm, cancel: !confirm, errMsg: 'showModal:ok' })
    },
    setNavigationBarTitle: (opts?: WxCallbacks<unknown>) => ok(opts, {}),
    redirectTo: navigate('redirectTo'),
    navigateTo: navigate('navigateTo'),
    navigateBack: navigate('navigateBack'),
    switchTab: navigate('switchTab'),
    reLaunch: navigate('reLaunch'),
    // The privacy APIs of base library 2.32.3 (docs/wechat.md, "Privacy protection").
    onNeedPrivacyAuthorization: (listener: (resolve: (r: unknown) => void) => void) => {
      privacy.listener = listener
    },
    getPrivacySetting: (opts: WxCallbacks<unknown>) =>
      ok(opts, { needAuthorization: true, privacyContractName: '《wxlogin隐私保护指引》' }),
    openPrivacyContract: (opts?: WxCallbacks<unknown>) => {
      privacyContractOpened.push(true)
      ok(opts, {})
    },
  }
  return {
    wx,
    storage,
    sent,
    navigations,
    modals,
    modalAnswers,
    toasts,
    privacy,
    privacyContractOpened,
  }
}

type Globals = Record<string, unknown>

/**
 * Loads the built app.js the way WeChat does (App(), then pages via Component()), under the
 * given `wx`. WeChat's JS runtime has no URLSearchParams/URL: they are hidden while the bundle
 * runs, so a dependency on them fails here as it would on a phone.
 */
export function bootApp(wx: unknown) {
  const g = globalThis as unknown as Globals
  const hidden = ['URLSearchParams', 'URL'].map((name) => [name, g[name]] as const)
  const simulate = require('miniprogram-simulate') as typeof Simulate
  let appOptions: Record<string, (...args: unknown[]) => unknown> = {}
  g.wx = wx
  g.App = (options: typeof appOptions) => {
    appOptions = options
  }
  g.getApp = () => appOptions
  // Two pages: the one under test over another, so "back" is possible.
  g.getCurrentPages = () => [{}, {}]
  g.Page = () => {
    throw new Error('uni vue3 pages register with Component(), not Page()')
  }
  for (const [name] of hidden) {
    delete g[name]
    if (typeof g[name] !== 'undefined') throw new Error(`could not hide ${name} from the bundle`)
  }
  require(path.join(MP_DIST, 'app.js'))
  appOptions.onLaunch?.call(appOptions, { path: 'pages/home/index', query: {}, scene: 1001 })

  function openPage(route: string, query: Record<string, string> = {}) {
    const id = simulate.load(path.join(MP_DIST, route), { compiler: 'official', rootPath: MP_DIST })
    const page = simulate.render(id)
    page.attach(document.createElement('parent-wrapper'))
    const instance = page.instance as unknown as Record<
      string,
      ((arg?: unknown) => void) | undefined
    >
    instance.onLoad?.(query)
    instance.onShow?.()
    return page
  }

  /** Puts URL/URLSearchParams back for the test's own use. */
  function restoreGlobals(): void {
    for (const [name, value] of hidden) g[name] = value
  }

  return { simulate, openPage, restoreGlobals }
}

/** The rendered text of a page or component, custom components included. */
export const pageText = (node: { dom?: Element }): string => node.dom?.textContent ?? ''

/** Polls until `check` returns a value (not undefined/false), or fails saying `what` (read at the timeout). */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: () => string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
