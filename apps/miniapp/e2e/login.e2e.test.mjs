// Browser tests of the built H5 app against the real server and its WeChat simulator.
// Screenshots of each state: apps/miniapp/e2e/screenshots/ (gitignored).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { loginFromUi, screenshot, startH5Stack } from './h5-harness.mjs'
import { httpJson } from './stack.mjs'

let h5

before(async () => {
  h5 = await startH5Stack()
})

after(async () => {
  await h5?.stop()
})

const text = async (page, selector) => (await page.locator(selector).innerText()).trim()

test('a signed-out visitor lands on login; one tap logs in and returns to the profile', async () => {
  const { context, page } = await h5.openApp()
  try {
    await page.locator('#login-btn').waitFor()
    assert.match(page.url(), /#\/pages\/login\/index\?redirect=/)
    assert.equal(await text(page, '#login-btn'), '微信一键登录')
    assert.equal(await page.locator('#login-btn').getAttribute('aria-label'), '微信一键登录')
    await screenshot(page, '01-login')

    await loginFromUi(page)
    assert.doesNotMatch(page.url(), /pages\/login/)
    assert.equal(await text(page, '#profile-nickname'), '未设置昵称')
    assert.equal(await text(page, '#profile-phone'), '未绑定手机号')
    await screenshot(page, '02-profile-new-user')

    // The tokens are in storage: a reload (a new launch) stays signed in.
    await page.reload()
    await page.locator('#profile-nickname').waitFor()
    assert.doesNotMatch(page.url(), /pages\/login/)
  } finally {
    await context.close()
  }
})

test('completes the nickname; it is saved on the server and shown after a reload', async () => {
  const { context, page } = await h5.openApp()
  try {
    await loginFromUi(page)
    await page.locator('#nickname-input input').fill('浏览器测试员')
    await page.locator('#nickname-save').click()
    await page.locator('#profile-notice', { hasText: '昵称已保存' }).waitFor()
    assert.equal(await text(page, '#profile-nickname'), '浏览器测试员')
    await screenshot(page, '03-nickname-saved')

    await page.reload()
    await page.locator('#profile-nickname', { hasText: '浏览器测试员' }).waitFor()
  } finally {
    await context.close()
  }
})

test('logs out to the login page, and the old session no longer works', async () => {
  const { context, page } = await h5.openApp()
  try {
    await loginFromUi(page)
    const tokens = await page.evaluate(() =>
      JSON.parse(localStorage.getItem('wxlogin:tokens') ?? 'null'),
    )
    assert.ok(
      tokens?.data?.accessToken ?? tokens?.accessToken,
      'tokens stored under wxlogin:tokens',
    )
    const accessToken = tokens.data?.accessToken ?? tokens.accessToken

    await page.locator('#logout-btn').click()
    await page.locator('#login-btn').waitFor()
    assert.match(page.url(), /#\/pages\/login\/index/)
    await screenshot(page, '04-logged-out')

    const me = await httpJson('GET', `${h5.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${accessToken}`,
    })
    assert.equal(me.status, 401)
    await page.reload()
    await page.locator('#login-btn').waitFor()
  } finally {
    await context.close()
  }
})

test('WeChat unavailable: a clear message, then a retry that works', async () => {
  const { context, page } = await h5.openApp()
  try {
    await page.locator('#login-btn').waitFor()
    const fault = await h5.sim('/__sim/faults', {
      endpoint: 'jscode2session',
      errcode: -1,
      times: 10,
    })
    assert.equal(fault.status, 204)
    await page.locator('#login-btn').click()
    await page.locator('#login-error').waitFor()
    assert.equal(await text(page, '#login-error'), '微信服务暂时不可用，请稍后重试')
    assert.equal(await text(page, '#login-btn'), '重新登录')
    await screenshot(page, '05-wechat-unavailable')

    await httpJson('DELETE', `${h5.simUrl}/__sim/faults`)
    await loginFromUi(page)
  } finally {
    await httpJson('DELETE', `${h5.simUrl}/__sim/faults`)
    await context.close()
  }
})

test('network down: a clear message, then a retry that works', async () => {
  const { context, page } = await h5.openApp()
  try {
    await page.locator('#login-btn').waitFor()
    const api = new URL(h5.apiUrl)
    const offline = (url) => url.port === api.port
    await context.route(offline, (route) => route.abort('internetdisconnected'))
    await page.locator('#login-btn').click()
    await page.locator('#login-error').waitFor()
    assert.equal(await text(page, '#login-error'), '网络连接失败，请检查网络后重试')
    await screenshot(page, '06-network-down')

    await context.unroute(offline)
    await loginFromUi(page)
  } finally {
    await context.close()
  }
})
