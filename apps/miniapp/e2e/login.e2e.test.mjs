// Signing in from the H5 build against the real server: login on demand and back, 完善资料,
// the nickname rules, a cold start from the cache, and logout with a confirmation.
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
import { httpJson } from './stack.mjs'

let h5

before(async () => {
  h5 = await startH5Stack()
})

after(async () => {
  await h5?.stop()
})

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`signing in at ${viewport.width}×${viewport.height}`, () => {
    test('login on demand: the account page asks for login and the user comes back to it', async () => {
      const { context, page } = await h5.openApp({ viewport })
      try {
        await page.locator('#home-profile').click()
        await page.locator('#login-btn').waitFor()
        assert.match(page.url(), /#\/pages\/login\/index\?redirect=/)

        await loginFromUi(page)
        // A first login: 完善资料 first, skippable, then on to where the user was going.
        await page.locator('#welcome-skip').waitFor()
        assert.equal(await text(page, 'uni-page-head .uni-page-head__title'), '完善资料')
        assert.ok(await enabled(page, '#nickname-save'))
        await assertTapTargets(page)
        await screenshot(page, `07-complete-profile-${size}`)

        await page.locator('#welcome-skip').click()
        await page.locator('#profile-nickname').waitFor()
        assert.match(page.url(), /#\/pages\/profile\/index$/)
        assert.equal(await text(page, '#profile-nickname'), '未设置')
        assert.equal(await text(page, '#profile-phone'), '未绑定')
        assert.match(
          (await page.locator('#avatar-img img').getAttribute('src')) ?? '',
          /default-avatar/,
        )
        await assertTapTargets(page)
        await screenshot(page, `08-profile-new-user-${size}`)

        // Back on the home tab, the new user is invited to complete the profile.
        await page.goBack()
        await page.locator('#complete-card').waitFor()
        await page.evaluate(() => window.scrollTo(0, 0))
        assert.equal(await text(page, '#home-greeting'), '你好，新朋友')
        await assertTapTargets(page)
        await screenshot(page, `09-home-complete-invitation-${size}`)
      } finally {
        await context.close()
      }
    })

    test('the nickname: 微信用户 refused, spaces trimmed to what the server stored', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        await loginFromUi(page)
        await page.locator('#welcome-skip').click()
        await page.goto(`${h5.origin}/#/pages/profile/index`)
        await page.locator('#nickname-row').click()
        const input = page.locator('#nickname-input input')
        await input.fill('微信用户')
        await page.locator('#nickname-save').click()
        await page.locator('#nickname-error').waitFor()
        assert.equal(await text(page, '#nickname-error'), '请设置你自己的昵称，不能使用“微信用户”')
        assert.ok(await enabled(page, '#nickname-save'))
        await screenshot(page, `10-nickname-placeholder-refused-${size}`)

        await input.fill('  浏览器测试员 ')
        assert.equal(await page.locator('#nickname-error').count(), 0)
        await page.locator('#nickname-save').click()
        // Saved: back on the list with a toast, showing what the server stored.
        await toast(page, '昵称已保存').waitFor()
        await page.locator('#profile-nickname', { hasText: '浏览器测试员' }).waitFor()
        assert.equal(await text(page, '#profile-nickname'), '浏览器测试员')
        await screenshot(page, `11-nickname-saved-${size}`, { toast: true })
        await page.locator('#nickname-row').click()
        assert.equal(await input.inputValue(), '浏览器测试员')
        assert.equal((await stored(page, 'wxlogin:user')).nickname, '浏览器测试员')
      } finally {
        await context.close()
      }
    })

    test('a cold start shows the signed-in user at once, from the cache', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        await loginFromUi(page)
        await page.locator('#nickname-input input').fill('缓存用户')
        await page.locator('#nickname-save').click()
        await toast(page, '昵称已保存').waitFor()

        // The next launch: the API answers slowly, the page must not wait for it.
        let release
        const held = new Promise((resolve) => (release = resolve))
        await context.route(`${h5.apiUrl}/api/me`, async (route) => {
          await held
          await route.continue()
        })
        await page.goto(`${h5.origin}/#/pages/mine/index`)
        await page.reload()
        await page.locator('#mine-name', { hasText: '缓存用户' }).waitFor({ timeout: 5_000 })
        await screenshot(page, `12-cold-start-from-cache-${size}`)
        release()
        await context.unroute(`${h5.apiUrl}/api/me`)
      } finally {
        await context.close()
      }
    })

    test('signed in, the login page is unreachable; logout asks first, then ends the session', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        await loginFromUi(page)
        await page.locator('#welcome-skip').click()
        // Typing the login page's address while signed in only bounces back.
        await page.goto(`${h5.origin}/#/pages/login/index`)
        await page.waitForURL((url) => !url.hash.startsWith('#/pages/login/'))
        const { accessToken } = await stored(page, 'wxlogin:tokens')

        await page.goto(`${h5.origin}/#/pages/mine/index`)
        await page.locator('#logout-btn').click()
        await modal(page).root.waitFor()
        assert.equal((await modal(page).title.innerText()).trim(), '退出登录')
        await screenshot(page, `13-logout-confirm-${size}`)
        await modal(page).cancel.click()
        assert.ok(await stored(page, 'wxlogin:tokens'), 'cancelling keeps the session')

        await page.locator('#logout-btn').click()
        await modal(page).confirm.click()
        await toast(page, '已退出登录').waitFor()
        await page.locator('#mine-name', { hasText: '点击登录' }).waitFor()
        await screenshot(page, `14-logged-out-${size}`, { toast: true })
        assert.equal(await stored(page, 'wxlogin:tokens'), null)
        assert.equal(await stored(page, 'wxlogin:user'), null)
        const me = await httpJson('GET', `${h5.apiUrl}/api/me`, undefined, {
          authorization: `Bearer ${accessToken}`,
        })
        assert.equal(me.status, 401)
      } finally {
        await context.close()
      }
    })
  })
}
