// The admin console in Chromium against the real server. Screenshots of every page:
// apps/admin/e2e/screenshots/ (gitignored; look at them after a run).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { httpJson, screenshot, signInByScan, startConsoleStack } from './harness.mjs'

let stack
let admin

before(async () => {
  stack = await startConsoleStack()
  // The first admin is made with the CLI, never through the API.
  admin = await stack.user('console-admin')
  await stack.cli('grant', admin.id)
  await stack.api('PATCH', '/api/me', { nickname: '值班管理员' }, admin.token)
})

after(async () => {
  await stack?.stop()
})

const text = async (page, selector) => (await page.locator(selector).innerText()).trim()

test('GET /admin serves the console with its CSP header and no cookie', async () => {
  const res = await httpJson('GET', `${stack.apiUrl}/admin`)
  assert.equal(res.status, 200)
  assert.match(res.headers['content-type'], /^text\/html/)
  assert.match(res.body, /<div id="app"><\/div>/)
  const csp = res.headers['content-security-policy']
  assert.match(csp, /script-src 'self'(;|$)/)
  assert.match(csp, /style-src 'self'(;|$)/)
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
  assert.equal(res.headers['set-cookie'], undefined)
  // Its script is one of its own assets.
  const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(res.body)?.[1]
  assert.ok(script, 'the page loads a script from /admin/assets')
  assert.equal((await httpJson('GET', `${stack.apiUrl}${script}`)).status, 200)
})

test('QR sign-in end to end: scan on the phone, "已扫码", confirm, the console is signed in', async () => {
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await page.locator('#qr-image').waitFor()
    assert.match(await page.locator('#qr-image').getAttribute('src'), /^data:image\/png;base64,/)
    assert.equal(await text(page, '#login-status'), '请使用微信扫描二维码，在小程序中确认登录')
    await screenshot(page, '01-console-login-qr')

    const href = await page.locator('#h5-link').getAttribute('href')
    assert.match(
      href,
      new RegExp(`^${stack.h5Origin}/#/pages/admin-login/index\\?scene=[\\w-]{22}$`),
    )
    const phone = await stack.openPhone('console-admin')
    try {
      await phone.page.goto(href)
      await phone.page.locator('#approve-btn').waitFor()
      assert.match(await text(phone.page, '#ticket-browser'), /^Linux · Chrome Headless \d+$/)
      assert.equal(await text(phone.page, '#ticket-ip'), '127.0.0.*')
      await screenshot(phone.page, '10-phone-confirm')

      await page.locator('#login-status', { hasText: '已扫码，请在手机上确认' }).waitFor()
      await screenshot(page, '02-console-login-scanned')

      await phone.page.locator('#approve-btn').click()
      await phone.page.locator('#admin-login-result', { hasText: '已确认登录' }).waitFor()
      await screenshot(phone.page, '11-phone-approved')
    } finally {
      await phone.context.close()
    }

    await page.locator('#page-title', { hasText: '仪表盘' }).waitFor()
    await page.locator('#who', { hasText: '值班管理员' }).waitFor()
    await page.locator('#stat-total .value').waitFor()
    assert.ok(Number(await text(page, '#stat-total .value')) >= 1)
    await screenshot(page, '03-console-dashboard')

    // Tokens live in sessionStorage (a reload keeps the session), never in a cookie.
    assert.deepEqual(await desk.context.cookies(), [])
    await page.reload()
    await page.locator('#page-title', { hasText: '仪表盘' }).waitFor()
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})

test("a non-admin's approval is refused on the phone, and the console stays signed out", async () => {
  await stack.user('plain-visitor')
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    const href = await page.locator('#h5-link').getAttribute('href')
    // A phone that never signed in: the code's page sends it through login and back.
    const phone = await stack.openPhone('plain-visitor', { signIn: false })
    try {
      await phone.page.goto(href)
      await phone.page.locator('#agreement-check').click()
      await phone.page.locator('#login-btn').click()
      await phone.page.locator('#approve-btn').click()
      await phone.page
        .locator('#admin-login-result', { hasText: '你不是管理员，无法登录管理后台' })
        .waitFor()
      await screenshot(phone.page, '12-phone-refused')
    } finally {
      await phone.context.close()
    }
    await page.locator('#login-status', { hasText: '已扫码，请在手机上确认' }).waitFor()
    await new Promise((resolve) => setTimeout(resolve, 2_000)) // two more polls
    assert.match(page.url(), /#\/login/)
    assert.equal(await page.locator('#page-title').count(), 0)
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})

test('search finds a user by nickname; disabling them ends their session at once', async () => {
  const target = await stack.user('to-be-disabled')
  await stack.api('PATCH', '/api/me', { nickname: '待禁用的测试用户' }, target.token)
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'console-admin').then((p) => p.context.close())

    await page.locator('#nav-users').click()
    await page.locator('#users-table .user-nickname').first().waitFor()
    await page.locator('#user-search').fill('待禁用')
    await page.locator('#search-btn').click()
    // The user is on the unfiltered first page too: wait for the search's answer, not the row.
    await page.waitForFunction(
      () => document.querySelectorAll('#users-table .el-table__body tr').length === 1,
    )
    assert.match(await page.locator('#users-table .user-nickname').innerText(), /待禁用的测试用户/)
    await screenshot(page, '04-console-users-search')

    await page.locator('#users-table .el-table__body tr').first().click()
    await page.locator('#user-nickname', { hasText: '待禁用的测试用户' }).waitFor()
    assert.equal(await text(page, '#user-openid'), 'dev-to-be-disabled')
    await page.locator('#user-audit .audit-action').first().waitFor()
    await screenshot(page, '05-console-user')

    assert.equal((await stack.api('GET', '/api/me', undefined, target.token)).status, 200)
    await page.locator('#toggle-status').click()
    await page.locator('.el-message-box').waitFor()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('#user-status', { hasText: '已禁用' }).waitFor()
    await page.locator('#user-audit .audit-action', { hasText: '管理员修改用户' }).first().waitFor()
    await screenshot(page, '06-console-user-disabled')

    const me = await stack.api('GET', '/api/me', undefined, target.token)
    assert.equal(me.status, 403)
    assert.equal(me.body.error.code, 'USER_DISABLED')

    const audit = await stack.api(
      'GET',
      `/api/admin/audit?targetId=${target.id}&action=admin_update_user`,
      undefined,
      admin.token,
    )
    assert.equal(audit.body.items[0].actorId, admin.id)
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})

test('the audit log filters by action; the moderation page renders', async () => {
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'console-admin').then((p) => p.context.close())
    await page.locator('#nav-audit').click()
    await page.locator('#audit-table .audit-action').first().waitFor()
    await page.locator('.el-select', { has: page.locator('#audit-action') }).click()
    await page.locator('.el-select-dropdown__item', { hasText: '批准后台扫码登录' }).click()
    await page
      .locator('#audit-table .audit-action', { hasText: '批准后台扫码登录' })
      .first()
      .waitFor()
    const actions = await page.locator('#audit-table .audit-action').allInnerTexts()
    assert.ok(actions.length > 0 && actions.every((a) => a === '批准后台扫码登录'), actions.join())
    await screenshot(page, '07-console-audit')

    await page.locator('#nav-moderation').click()
    await page.locator('#page-title', { hasText: '内容审核' }).waitFor()
    await page.locator('#moderation-unavailable, #moderation-table').first().waitFor()
    await screenshot(page, '08-console-moderation')
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})

test('admin:login-link signs a browser in once; the link cannot be used twice', async () => {
  const out = await stack.cli('login-link', admin.id)
  const link = out.split('\n')[0]
  assert.match(link, /\/admin\/#\/link\/[\w-]+\/[\w-]+$/)
  const hash = link.slice(link.indexOf('#'))
  const first = await stack.openConsole(hash)
  try {
    await first.page.locator('#page-title', { hasText: '仪表盘' }).waitFor()
    // The secret is gone from the address bar.
    assert.doesNotMatch(first.page.url(), /\/link\/[\w-]+\//)
    assert.deepEqual(await first.violations(), [])
  } finally {
    await first.context.close()
  }
  const second = await stack.openConsole(hash)
  try {
    await second.page.locator('#link-problem', { hasText: '登录链接已被使用' }).waitFor()
    await screenshot(second.page, '09-console-link-used')
  } finally {
    await second.context.close()
  }
})

test('signing out returns to the QR code and the old session no longer works', async () => {
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'console-admin').then((p) => p.context.close())
    const tokens = await page.evaluate(() =>
      JSON.parse(sessionStorage.getItem('wxlogin-admin:tokens')),
    )
    await page.locator('#sign-out').click()
    await page.locator('#qr-image').waitFor()
    assert.equal(await page.evaluate(() => sessionStorage.getItem('wxlogin-admin:tokens')), null)
    const res = await stack.api('GET', '/api/admin/stats', undefined, tokens.accessToken)
    assert.equal(res.status, 401)
  } finally {
    await desk.context.close()
  }
})

test('an admin whose role is revoked is signed out of the console, and told why', async () => {
  const demoted = await stack.user('demoted-admin')
  await stack.cli('grant', demoted.id)
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'demoted-admin').then((p) => p.context.close())
    await stack.cli('revoke', demoted.id)
    await page.reload()
    await page.locator('#ended-notice', { hasText: '该账号没有管理员权限' }).waitFor()
    await page.locator('#qr-image').waitFor()
    assert.equal(await page.evaluate(() => sessionStorage.getItem('wxlogin-admin:tokens')), null)
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})
