// The browser side of the e2e tests: serves the built H5 app, starts the real server against it,
// and drives Debian's Chromium with playwright-core (no browser download).
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { MINIAPP_DIR, postJson, startStack } from './stack.mjs'

export const H5_DIST = path.join(MINIAPP_DIR, 'dist/build/h5')
/** Where each state's screenshot goes (gitignored). */
export const SCREENSHOT_DIR = path.join(MINIAPP_DIR, 'e2e/screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Generous: Chromium and the server share 2 cores with other jobs. */
export const UI_TIMEOUT_MS = 30_000

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/**
 * Serves dist/build/h5 on a free loopback port. `/__sim/*` is passed to the WeChat simulator, as
 * the H5 dev server's proxy does: the simulator's control API sends no CORS headers.
 */
function serveH5(simUrl) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/__sim/')) {
      const upstream = http.request(
        `${simUrl()}${url.pathname}${url.search}`,
        {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      upstream.on('error', () => res.writeHead(502).end())
      req.pipe(upstream)
      return
    }
    const file = path.join(
      H5_DIST,
      path.normalize(url.pathname === '/' ? '/index.html' : url.pathname),
    )
    if (!file.startsWith(H5_DIST)) return res.writeHead(403).end()
    try {
      const body = await readFile(file)
      res
        .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/**
 * Everything one e2e file needs: the H5 app on its own origin, the real server (CORS allowing
 * that origin) with its simulator, and a Chromium. `stop()` ends all three.
 */
export async function startH5Stack() {
  if (!existsSync(path.join(H5_DIST, 'index.html'))) {
    throw new Error(`${H5_DIST} is missing: run \`pnpm --filter @wxlogin/miniapp build\` first`)
  }
  let simUrl = ''
  const web = await serveH5(() => simUrl)
  const origin = `http://127.0.0.1:${web.address().port}`
  let stack
  let browser
  try {
    stack = await startStack({ corsOrigins: [origin] })
    simUrl = stack.simUrl
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      timeout: 60_000,
    })
  } catch (err) {
    await stack?.stop()
    web.close()
    throw err
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true })

  /** A fresh phone-sized browser profile (its own storage, so its own simulated WeChat user). */
  async function openApp({ devUser } = {}) {
    const context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    })
    context.setDefaultTimeout(UI_TIMEOUT_MS)
    // Loopback only: uni's H5 CSS points at DCloud's CDN (probe trap 9).
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    )
    // The deploy-time config the H5 build reads: the API is the real server, cross-origin.
    await context.addInitScript(
      (config) => {
        globalThis.__WXLOGIN_CONFIG__ = config
      },
      { apiBase: stack.apiUrl, simBase: '', ...(devUser ? { devUser } : {}) },
    )
    const page = await context.newPage()
    await page.goto(`${origin}/#/`)
    return { context, page }
  }

  return {
    origin,
    apiUrl: stack.apiUrl,
    simUrl: stack.simUrl,
    serverLog: () => stack.log(),
    openApp,
    /** The simulator's control API, e.g. sim('/__sim/faults', {...}). */
    sim: (pathname, body) => postJson(`${stack.simUrl}${pathname}`, body),
    async stop() {
      await browser.close().catch(() => undefined)
      await stack.stop()
      await new Promise((resolve) => web.close(resolve))
    },
  }
}

/** Saves `<name>.png` of the page as it is now. */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

/** Logs in from the login page and waits for the profile page to show the user. */
export async function loginFromUi(page) {
  await page.locator('#login-btn').click()
  await page.locator('#profile-nickname').waitFor()
}
