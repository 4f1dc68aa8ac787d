// The console's browser tests: the real server (it serves the console's build at /admin and
// runs the WeChat simulator), the mini-program's H5 build on its own origin (its admin-login page
// is what a phone shows after scanning), and Debian's Chromium through playwright-core.
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import { httpJson, serveH5 } from './http.mjs'

export { httpJson }

const ADMIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const REPO_DIR = path.resolve(ADMIN_DIR, '../..')
const SERVER_DIST = path.join(REPO_DIR, 'apps/server/dist')
const CONSOLE_DIST = path.join(ADMIN_DIR, 'dist')
const H5_DIST = path.join(REPO_DIR, 'apps/miniapp/dist/build/h5')
export const SCREENSHOT_DIR = path.join(ADMIN_DIR, 'e2e/screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Generous: Chromium, the server and the simulator share 2 cores with other jobs. */
export const UI_TIMEOUT_MS = 30_000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function startServer({ h5Origin, dataDir }) {
  const [port, simPort] = [await freePort(), await freePort()]
  let log = ''
  const child = spawn(process.execPath, [path.join(SERVER_DIST, 'main.js')], {
    cwd: REPO_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      WECHAT_SIM_PORT: String(simPort),
      DATA_DIR: dataDir,
      CORS_ORIGINS: h5Origin,
      MINIAPP_H5_URL: h5Origin,
      // Other instances share nothing with this one: no need to wait for a cached read.
      AUTH_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk) => (log = (log + chunk.toString()).slice(-20_000))
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${log}`)
    const ready = await httpJson('GET', `${url}/readyz`).catch(() => null)
    if (ready?.status === 200) break
    if (Date.now() > deadline) throw new Error(`server not ready:\n${log}`)
    await sleep(200)
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.once('exit', () => (clearTimeout(killer), resolve()))
      child.kill('SIGTERM')
    })
  return { url, simUrl: `http://127.0.0.1:${simPort}`, log: () => log, stop }
}

/**
 * Everything a console test needs. `openConsole()` is a desktop browser profile on /admin,
 * `openPhone(devUser)` a phone-sized one on the mini-program's H5 build signed in as that
 * simulated WeChat user, `user(devUser)` the same user over the API, `cli(...)` the server's
 * admin command on the same data.
 */
export async function startConsoleStack() {
  for (const [file, build] of [
    [path.join(SERVER_DIST, 'main.js'), 'pnpm --filter @wxlogin/server build'],
    [path.join(CONSOLE_DIST, 'index.html'), 'pnpm --filter @wxlogin/admin build'],
    [path.join(H5_DIST, 'index.html'), 'pnpm --filter @wxlogin/miniapp build'],
  ])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${build}\` first`)

  let simUrl = ''
  const web = await serveH5(H5_DIST, () => simUrl)
  const h5Origin = `http://127.0.0.1:${web.address().port}`
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wxlogin-console-e2e-'))
  const server = await startServer({ h5Origin, dataDir })
  simUrl = server.simUrl
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  })
  await mkdir(SCREENSHOT_DIR, { recursive: true })

  async function context(options) {
    const ctx = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...options,
    })
    ctx.setDefaultTimeout(UI_TIMEOUT_MS)
    // Loopback only: nothing may leave the machine (uni's H5 CSS names DCloud's CDN).
    await ctx.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    )
    return ctx
  }

  /** The console in a desktop browser; every CSP violation and page error is recorded. */
  async function openConsole(hash = '') {
    const ctx = await context({ viewport: { width: 1366, height: 900 } })
    await ctx.addInitScript(() => {
      globalThis.__cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        globalThis.__cspViolations.push(
          `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        ),
      )
    })
    const page = await ctx.newPage()
    const problems = []
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
        problems.push(`console: ${msg.text()}`)
    })
    await page.goto(`${server.url}/admin/${hash}`)
    /** CSP violations and uncaught errors so far (the test asserts there are none). */
    const violations = async () => [
      ...problems,
      ...(await page.evaluate(() => globalThis.__cspViolations ?? [])),
    ]
    return { context: ctx, page, violations }
  }

  /**
   * A phone running the mini-program's H5 build as the simulated user `devUser`, signed in
   * unless `signIn: false` (a first scan, before any login).
   */
  async function openPhone(devUser, { signIn = true } = {}) {
    const ctx = await context({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    await ctx.addInitScript(
      (config) => {
        globalThis.__WXLOGIN_CONFIG__ = config
      },
      { apiBase: server.url, simBase: '', devUser },
    )
    const page = await ctx.newPage()
    if (!signIn) return { context: ctx, page }
    // The mini-program opens on a public home page; sign in on its login page (agreement first).
    await page.goto(`${h5Origin}/#/pages/login/index`)
    await page.locator('#agreement-check').click()
    await page.locator('#login-btn').click()
    await page.waitForFunction(() => localStorage.getItem('wxlogin:tokens') !== null)
    // A person scans the code later than 1.5 s after signing in: let the 登录成功 toast go.
    await page.locator('.uni-toast').waitFor({ state: 'hidden' })
    return { context: ctx, page }
  }

  /** The same simulated user over the API (as the H5 build logs in: openid `dev-<name>`). */
  async function user(devUser) {
    const minted = await httpJson('POST', `${server.simUrl}/__sim/login-code`, {
      openid: `dev-${devUser}`,
    })
    const login = await httpJson('POST', `${server.url}/api/auth/wx-login`, {
      code: minted.body.code,
    })
    if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`)
    return { id: login.body.user.id, token: login.body.accessToken }
  }

  /** The server's admin command, as an operator runs it, on this server's data. */
  async function cli(...args) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(SERVER_DIST, 'cli/admin.js'), ...args],
      { env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: server.url.split(':').pop() } },
    )
    return stdout
  }

  return {
    apiUrl: server.url,
    simUrl: server.simUrl,
    h5Origin,
    openConsole,
    openPhone,
    user,
    cli,
    serverLog: server.log,
    api: (method, pathname, body, token) =>
      httpJson(
        method,
        `${server.url}${pathname}`,
        body,
        token ? { authorization: `Bearer ${token}` } : {},
      ),
    async stop() {
      await browser.close().catch(() => undefined)
      await server.stop()
      await new Promise((resolve) => web.close(resolve))
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Saves `<name>.png` of the page as it is now. */
export const screenshot = (page, name) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })

/**
 * Signs the console in through the QR code, approved on a phone signed in as `devUser` (an
 * admin). Returns the phone, still open on its result.
 */
export async function signInByScan(stack, consolePage, devUser) {
  const link = consolePage.locator('#h5-link')
  await link.waitFor()
  const href = await link.getAttribute('href')
  const phone = await stack.openPhone(devUser)
  await phone.page.goto(href)
  await phone.page.locator('#approve-btn').click()
  await phone.page.locator('#admin-login-result').waitFor()
  await consolePage.locator('#page-title', { hasText: '仪表盘' }).waitFor()
  return phone
}
