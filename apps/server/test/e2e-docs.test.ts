import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'
import { storeTargets } from './support/stores.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const missing = existsSync(CHROMIUM)
  ? null
  : `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`
if (missing && process.env.CI !== 'true') console.warn(`[e2e-docs] skipped: ${missing}`)

const isLoopback = (url: string) =>
  /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url)

/** A person opens /docs in a browser with no internet, and finds the login operation. */
describe.skipIf(missing !== null && process.env.CI !== 'true')('GET /docs in Chromium', () => {
  let s: Stack
  let browser: Browser
  beforeAll(async () => {
    if (missing) throw new Error(`CI=true and ${missing}`)
    s = await startStack(storeTargets()[0]!)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  it('renders the OpenAPI document with swagger-ui and shows the login operation', async () => {
    const page = await browser.newPage()
    const outside: string[] = []
    const problems: string[] = []
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (isLoopback(url) || url.startsWith('data:')) return route.continue()
      outside.push(url)
      return route.abort()
    })
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text())
    })
    page.on('pageerror', (err) => problems.push(err.message))

    const res = await page.goto(`${s.url}/docs`)
    expect(res?.status()).toBe(200)
    const login = page.locator('.opblock-post', { hasText: '/api/auth/wx-login' }).first()
    await login.waitFor({ timeout: 15_000 })
    expect(await page.locator('.info .title').textContent()).toContain('wxlogin API')

    await login.locator('.opblock-summary').first().click()
    const body = login.locator('.opblock-body')
    await body.waitFor({ timeout: 5_000 })
    expect(await body.textContent()).toMatch(
      /Request body[\s\S]*"code": "string"[\s\S]*WX_CODE_INVALID/,
    )
    await page.screenshot({
      path: `${process.env.DOCS_SCREENSHOT ?? '/tmp/wxlogin-docs.png'}`,
      fullPage: false,
    })

    expect(outside, 'requests that left the machine').toEqual([])
    expect(problems, 'console errors (CSP violations show here)').toEqual([])
  })
})
