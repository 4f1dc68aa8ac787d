// The console's browser tests: the real server (it serves the console's build at /admin and
// runs the WeChat simulator), the mini-program's H5 build on its own origin (its admin-login page
// is what a phone shows after scanning), and Debian's Chromium through playwright-core.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
// The mini-program's own e2e harness: its H5 build is what a phone shows after scanning, and its
// stack starts the real server the same way for both apps' browser tests.
import { H5_DIST, launchChromium, serveH5 } from '../../miniapp/e2e/h5-harness.mjs'
import { httpJson, SERVER_MAIN, startStack } from '../../miniapp/e2e/stack.mjs'

export { httpJson }

const ADMIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CONSOLE_DIST = path.join(ADMIN_DIR, 'dist')
export const SCREENSHOT_DIR = path.join(ADMIN_DIR, 'e2e/screenshots')
/** Generous: Chromium, the server and the simulator share 2 cores with other jobs. */
export const UI_TIMEOUT_MS = 30_000

/**
 * Everything a console test needs. `openConsole()` is a desktop browser profile on /admin,
 * `openPhone(devUser)` a phone-sized one on the mini-program's H5 build signed in as that
 * simulated WeChat user, `user(devUser)` the same user over the API, `cli(...)` the server's
 * admin command on the same data.
 */
export async function startConsoleStack() {
  for (const [file, build] of [
    [SERVER_MAIN, 'pnpm --filter @wxlogin/server build'],
    [path.join(CONSOLE_DIST, 'index.html'), 'pnpm --filter @wxlogin/admin build'],
    [path.join(H5_DIST, 'index.html'), 'pnpm --filter @wxlogin/miniapp build'],
  ])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${build}\` first`)

  let simUrl = ''
  const web = await serveH5(() => simUrl)
  const h5Origin = `http://127.0.0.1:${web.address().port}`
  const server = await startStack({
    corsOrigins: [h5Origin],
    // Other instances share nothing with this one: no need to wait for a cached read.
    env: { MINIAPP_H5_URL: h5Origin, AUTH_CACHE_TTL_MS: '0' },
  })
  simUrl = server.simUrl
  const browser = await launchChromium()
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
    await page.goto(`${server.apiUrl}/admin/${hash}`)
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
      { apiBase: server.apiUrl, simBase: '', devUser },
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
    const login = await httpJson('POST', `${server.apiUrl}/api/auth/wx-login`, {
      code: minted.body.code,
    })
    if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`)
    return { id: login.body.user.id, token: login.body.accessToken }
  }

  return {
    apiUrl: server.apiUrl,
    simUrl: server.simUrl,
    h5Origin,
    openConsole,
    openPhone,
    user,
    /** The server's admin command, as an operator runs it, on this server's data. */
    cli: server.adminCli,
    serverLog: server.log,
    api: (method, pathname, body, token) =>
      httpJson(
        method,
        `${server.apiUrl}${pathname}`,
        body,
        token ? { authorization: `Bearer ${token}` } : {},
      ),
    async stop() {
      await browser.close().catch(() => undefined)
      await server.stop()
      await new Promise((resolve) => web.close(resolve))
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
