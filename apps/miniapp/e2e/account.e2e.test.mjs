// The account pages in the H5 build against the real server: consent asked again, the signed-in
// devices (sign one out, sign the others out), and account deletion back to a signed-out home.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertTapTargets,
  enabled,
  loginFromUi,
  modal,
  screenshot,
  startH5Stack,
  stored,
  text,
  toast,
  VIEWPORTS,
} from './h5-harness.mjs'
import { signedIn } from './flows.mjs'
import { httpJson, mintLoginCode } from './stack.mjs'

let h5

before(async () => {
  h5 = await startH5Stack()
})

after(async () => {
  await h5?.stop()
})

/** Signs `dev-<name>` in from Node (another device of the browser's user), without consent. */
async function otherDevice(name) {
  const { code } = await mintLoginCode(h5.simUrl, `dev-${name}`)
  const res = await httpJson('POST', `${h5.apiUrl}/api/auth/wx-login`, { code })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body
}

const me = (token) =>
  httpJson('GET', `${h5.apiUrl}/api/me`, undefined, { authorization: `Bearer ${token}` })

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`account pages at ${viewport.width}×${viewport.height}`, () => {
    test('a user who never accepted these texts is asked before going on', async () => {
      const name = `consent-${size}-${Date.now()}`
      // Signed in before consent existed: tokens from a login that carried no agreement.
      const earlier = await otherDevice(name)
      assert.equal(earlier.agreementRequired, true)
      const { context, page } = await h5.openApp({
        viewport,
        devUser: name,
        path: '/pages/mine/index',
      })
      try {
        await page.evaluate(
          (tokens) => {
            localStorage.setItem('wxlogin:tokens', JSON.stringify({ type: 'object', data: tokens }))
          },
          { accessToken: earlier.accessToken, refreshToken: earlier.refreshToken },
        )
        await page.reload()
        await page.locator('#agreement-update').waitFor()
        assert.equal(await text(page, '#agreement-update-title'), '请阅读并同意用户协议和隐私政策')
        await assertTapTargets(page)
        await screenshot(page, `30-consent-asked-${size}`)

        await page.locator('#agreement-accept').click()
        await page.locator('#agreement-update').waitFor({ state: 'hidden' })
        await toast(page, '已同意').waitFor()
        const { body } = await me(earlier.accessToken)
        assert.equal(body.agreement?.version, '1')
      } finally {
        await context.close()
      }
    })

    test('登录设备: this phone and the others; one signed out, then all the others', async () => {
      const name = `devices-${size}-${Date.now()}`
      const { context, page } = await signedIn(h5, viewport, name)
      try {
        const [a, b] = [await otherDevice(name), await otherDevice(name)]
        await page.goto(`${h5.origin}/#/pages/mine/index`)
        await page.locator('#mine-sessions').click()
        await page.locator('.session', { hasText: '本机' }).waitFor()
        assert.equal(await page.locator('.session').count(), 3)
        assert.ok(await enabled(page, '#logout-others'))
        await assertTapTargets(page)
        await screenshot(page, `31-sessions-${size}`)

        await page.locator('.session .revoke').first().click()
        await modal(page).root.waitFor()
        assert.equal((await modal(page).title.innerText()).trim(), '退出该设备')
        await screenshot(page, `32-session-revoke-confirm-${size}`)
        await modal(page).confirm.click()
        await toast(page, '已退出该设备').waitFor()
        assert.equal(await page.locator('.session').count(), 2)
        const statuses = [(await me(a.accessToken)).status, (await me(b.accessToken)).status]
        assert.deepEqual(statuses.sort(), [200, 401])

        await page.locator('#logout-others').click()
        await modal(page).confirm.click()
        await toast(page, '已退出其他设备').waitFor()
        await page.locator('#sessions-only-this').waitFor()
        assert.equal(await page.locator('.session').count(), 1)
        assert.equal(await enabled(page, '#logout-others'), false)
        await screenshot(page, `33-sessions-only-this-${size}`)
        assert.equal((await me(a.accessToken)).status, 401)
        assert.equal((await me(b.accessToken)).status, 401)
        assert.equal((await me((await stored(page, 'wxlogin:tokens')).accessToken)).status, 200)
      } finally {
        await context.close()
      }
    })

    test('扫码登录 confirmation (the console QR code): signed in first, then 确认登录 or 取消', async () => {
      // Asked for by the console in a desktop browser: the phone names it.
      const ticket = await httpJson(
        'POST',
        `${h5.apiUrl}/api/admin/login-tickets`,
        {},
        {
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        },
      )
      assert.equal(ticket.status, 200, JSON.stringify(ticket.body))
      const name = `scan-${size}-${Date.now()}`
      const path = `/pages/admin-login/index?scene=${encodeURIComponent(ticket.body.ticketId)}`
      const { context, page } = await h5.openApp({ viewport, devUser: name, path })
      try {
        // Signed out: through the login page and straight back (no 完善资料 for a returning user).
        await otherDevice(name)
        await page.locator('#login-btn').waitFor()
        await loginFromUi(page)
        await page.locator('#approve-btn').waitFor()
        assert.ok(await enabled(page, '#approve-btn'))
        assert.equal(await text(page, '#ticket-browser'), 'Windows 10 · Chrome 131')
        // No "登录成功" toast over what is asking.
        assert.equal(await toast(page, '登录成功').isVisible(), false)
        await assertTapTargets(page)
        await screenshot(page, `37-admin-login-confirm-${size}`)
        await page.locator('#reject-btn').click()
        await page.locator('#admin-login-result', { hasText: '已取消登录' }).waitFor()
      } finally {
        await context.close()
      }
    })

    test('注销账号: what goes, a confirmation, then a signed-out home; a new login is a new account', async () => {
      const name = `delete-${size}-${Date.now()}`
      const { context, page } = await signedIn(h5, viewport, name)
      try {
        const { accessToken } = await stored(page, 'wxlogin:tokens')
        const { id } = await stored(page, 'wxlogin:user')
        await page.goto(`${h5.origin}/#/pages/profile/index`)
        await page.locator('#delete-row').click()
        await page.locator('#delete-btn').waitFor()
        assert.equal(await enabled(page, '#delete-btn'), false)
        await page.locator('#delete-understood').click()
        assert.ok(await enabled(page, '#delete-btn'))
        await assertTapTargets(page)
        await screenshot(page, `34-delete-account-${size}`)

        await page.locator('#delete-btn').click()
        await modal(page).root.waitFor()
        assert.equal((await modal(page).title.innerText()).trim(), '确认注销账号？')
        await screenshot(page, `35-delete-confirm-${size}`)
        await modal(page).confirm.click()

        await page.locator('#session-ended-title', { hasText: '账号已注销' }).waitFor()
        assert.match(page.url(), /#\/(pages\/home\/index)?$/)
        assert.equal(await text(page, '#home-greeting'), '欢迎来到 wxlogin')
        await screenshot(page, `36-deleted-home-${size}`)
        assert.equal(await stored(page, 'wxlogin:tokens'), null)
        assert.equal((await me(accessToken)).status, 401)

        // The same WeChat user signing in again starts a new account (完善资料 again).
        await page.locator('#home-login').click()
        await loginFromUi(page)
        await page.locator('#welcome-skip').waitFor()
        assert.notEqual((await stored(page, 'wxlogin:user')).id, id)
      } finally {
        await context.close()
      }
    })
  })
}
