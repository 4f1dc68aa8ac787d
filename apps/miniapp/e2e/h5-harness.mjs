// The browser side of the e2e tests: serves the built H5 app, starts the real server against it,
// and drives Debian's Chromium with playwright-core (no browser download).
import { execFileSync } from 'node:child_process'
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

/** The phone sizes every state is checked at: a current iPhone, and the smallest WeChat phone. */
export const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  small: { width: 320, height: 568 },
}

/**
 * Without a CJK font Chromium draws every Chinese character as a box, and the screenshots and
 * text checks would prove nothing about what a user reads: refuse to run instead.
 */
export function assertCjkFont() {
  let families
  try {
    families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim()
  } catch (err) {
    throw new Error(`fc-list failed (${err.message}): cannot check for a CJK font`, { cause: err })
  }
  if (!families)
    throw new Error(
      'No CJK font is installed, so Chromium would render Chinese as boxes. Install one, e.g. `apt-get install fonts-wqy-microhei`.',
    )
  return families.split('\n')[0]
}

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
 * the H5 dev server's proxy does: the simulator's control API sends no CORS headers. The
 * console's browser tests serve the mini-program with it too.
 */
export function serveH5(simUrl) {
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

/** Debian's Chromium, headless, as both apps' browser tests run it (no browser download). */
export const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 60_000,
  })

/**
 * Everything one e2e file needs: the H5 app on its own origin, the real server (CORS allowing
 * that origin) with its simulator, and a Chromium. `stop()` ends all three.
 */
export async function startH5Stack() {
  if (!existsSync(path.join(H5_DIST, 'index.html'))) {
    throw new Error(`${H5_DIST} is missing: run \`pnpm --filter @wxlogin/miniapp build\` first`)
  }
  assertCjkFont()
  let simUrl = ''
  const web = await serveH5(() => simUrl)
  const origin = `http://127.0.0.1:${web.address().port}`
  let stack
  let browser
  try {
    stack = await startStack({ corsOrigins: [origin] })
    simUrl = stack.simUrl
    browser = await launchChromium()
  } catch (err) {
    await stack?.stop()
    web.close()
    throw err
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true })

  /** A fresh phone-sized browser profile (its own storage, so its own simulated WeChat user). */
  async function openApp({ devUser, viewport = VIEWPORTS.phone, privacy, path = '/' } = {}) {
    const context = await browser.newContext({
      viewport,
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
      {
        apiBase: stack.apiUrl,
        simBase: '',
        ...(devUser ? { devUser } : {}),
        ...(privacy ? { privacy } : {}),
      },
    )
    const page = await context.newPage()
    await page.goto(`${origin}/#${path}`)
    return { context, page }
  }

  return {
    origin,
    apiUrl: stack.apiUrl,
    simUrl: stack.simUrl,
    serverLog: () => stack.log(),
    adminCli: (...args) => stack.adminCli(...args),
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

/**
 * Saves `<name>.png`: what the phone's screen shows (the viewport, not the whole page), once it
 * has settled: transitions done and, unless the toast is the point (`{ toast: true }`), no toast
 * left over from the step before.
 */
export async function screenshot(page, name, { toast = false } = {}) {
  if (!toast) await page.locator('.uni-toast').waitFor({ state: 'hidden' })
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        document.fonts.ready.then(() =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 350))),
        ),
      ),
  )
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) })
}

/**
 * Whether a control can be tapped. uni's <uni-button> is not a form element, so Playwright's
 * isEnabled() is always true for it: read the `disabled` attribute uni renders instead.
 */
export async function enabled(page, selector) {
  const el = page.locator(selector)
  await el.waitFor()
  return (await el.getAttribute('disabled')) !== 'true'
}

/** The visible text of one element, trimmed. */
export const text = async (page, selector) => (await page.locator(selector).innerText()).trim()

/** A value the app saved with uni.setStorageSync (uni's H5 storage wraps it as { type, data }). */
export async function stored(page, key) {
  const raw = await page.evaluate((k) => localStorage.getItem(k), key)
  if (raw === null) return null
  const parsed = JSON.parse(raw)
  return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed
}

/** Every control a finger can tap, as uni's H5 build renders them. */
const TAPPABLE = [
  'uni-button',
  '[role="button"]',
  '[role="checkbox"]',
  '[role="link"]',
  'uni-input',
  '.uni-tabbar__item',
  '.uni-modal__btn',
].join(',')

/**
 * Fails when a visible control is smaller than 44 × 44 CSS px (Apple's and WeChat's minimum
 * comfortable tap target), sticks out of the screen sideways, or is covered by something else
 * where a finger would tap it (its centre). While a dialog is open only its own controls count.
 */
export async function assertTapTargets(page) {
  const problems = await page.evaluate((selector) => {
    const out = []
    const [width, height] = [window.innerWidth, window.innerHeight]
    const visible = (el) => {
      const box = el.getBoundingClientRect()
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const dialog = [...document.querySelectorAll('[role="dialog"], .uni-modal')].find(visible)
    // The window between uni's navigation bar and tab bar: what scrolled under them is out of view.
    const head = document.querySelector('.uni-page-head')
    const tabs = document.querySelector('.uni-tabbar')
    const top = head && visible(head) ? head.getBoundingClientRect().bottom : 0
    const bottom = tabs && visible(tabs) ? tabs.getBoundingClientRect().top : height
    for (const el of (dialog ?? document).querySelectorAll(selector)) {
      if (!visible(el)) continue
      const box = el.getBoundingClientRect()
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 12)}"`
      if (box.height < 43.5 || box.width < 43.5)
        out.push(`${name} is ${box.width.toFixed(0)}×${box.height.toFixed(0)}`)
      if (box.left < -0.5 || box.right > width + 0.5)
        out.push(
          `${name} sticks out of the ${width}px screen (${box.left.toFixed(0)}–${box.right.toFixed(0)})`,
        )
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2]
      if (x < 0 || x > width || (!dialog && (y < top || y > bottom))) continue // out of view
      const hit = document.elementFromPoint(x, y)
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el))
        out.push(`${name} is covered by ${hit.tagName.toLowerCase()}.${hit.className}`)
    }
    return out
  }, TAPPABLE)
  if (problems.length) throw new Error(`tap targets:\n  ${problems.join('\n  ')}`)
}

/** A page whose content fits the screen must not scroll (no empty space below it). */
export async function assertNoScroll(page) {
  const { scroll, screen } = await page.evaluate(() => ({
    scroll: document.scrollingElement?.scrollHeight ?? 0,
    screen: window.innerHeight,
  }))
  if (scroll > screen + 1)
    throw new Error(`the page scrolls: ${scroll}px of content on a ${screen}px screen`)
}

/** uni's H5 toast, once it shows `title`. */
export const toast = (page, title) => page.locator('.uni-toast', { hasText: title })

/** uni's H5 modal (uni.showModal). */
export const modal = (page) => ({
  root: page.locator('.uni-modal'),
  title: page.locator('.uni-modal__title'),
  confirm: page.locator('.uni-modal__btn_primary'),
  cancel: page.locator('.uni-modal__btn_default'),
})

/** On the login page: checks the agreement and taps 微信一键登录. */
export async function loginFromUi(page) {
  await page.locator('#agreement-check').click()
  await page.locator('#login-btn').click()
}
