// A visitor in the H5 build: the app opens on public content, login is offered, never forced.
// Screenshots: e2e/screenshots/<state>-<phone|small>.png (gitignored).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertNoScroll,
  assertTapTargets,
  enabled,
  modal,
  screenshot,
  startH5Stack,
  text,
  VIEWPORTS,
} from './h5-harness.mjs'

let h5

before(async () => {
  h5 = await startH5Stack()
})

after(async () => {
  await h5?.stop()
})

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`a visitor at ${viewport.width}×${viewport.height}`, () => {
    test('opens on the home page with public content, a tab bar and no login wall', async () => {
      const { context, page } = await h5.openApp({ viewport })
      try {
        await page.locator('#home-greeting').waitFor()
        assert.match(page.url(), /#\/(pages\/home\/index)?$/)
        assert.equal(await text(page, '#home-greeting'), '欢迎来到 wxlogin')
        assert.ok(await page.getByText('公开内容').isVisible())
        assert.ok(await enabled(page, '#home-login'))
        assert.equal(await text(page, '.uni-tabbar'), '首页\n我的')
        await assertTapTargets(page)
        await screenshot(page, `01-home-visitor-${size}`)

        await page.locator('.uni-tabbar__item', { hasText: '我的' }).click()
        await page.locator('#mine-name').waitFor()
        assert.equal(await text(page, '#mine-name'), '点击登录')
        assert.equal(await page.locator('#logout-btn').count(), 0)
        await assertTapTargets(page)
        await assertNoScroll(page)
        await screenshot(page, `02-mine-visitor-${size}`)
      } finally {
        await context.close()
      }
    })

    test('the agreements open in the app, marked as the integrator’s template', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/mine/index' })
      try {
        await page.locator('#mine-terms').click()
        await page.locator('#agreement-title').waitFor()
        assert.equal(await text(page, '#agreement-title'), '用户协议')
        assert.match(await text(page, '#agreement-template'), /^模板文本：正式发布前/)
        await screenshot(page, `03-agreement-terms-${size}`)
        await page.goBack()
        await page.locator('#mine-privacy').click()
        await page.locator('#agreement-title', { hasText: '隐私政策' }).waitFor()
        await screenshot(page, `04-agreement-privacy-${size}`)
      } finally {
        await context.close()
      }
    })

    test('the login page: unchecked agreement, "请先阅读并同意", and 暂不登录 back home', async () => {
      const { context, page } = await h5.openApp({ viewport })
      try {
        await page.locator('#home-login').click()
        await page.locator('#login-btn').waitFor()
        assert.equal(await text(page, '#login-btn'), '微信一键登录')
        assert.ok(await enabled(page, '#login-btn'))
        assert.equal(await page.locator('#agreement-check').getAttribute('aria-checked'), 'false')
        assert.equal(await text(page, '#login-skip'), '暂不登录')
        await assertTapTargets(page)
        await assertNoScroll(page)
        await screenshot(page, `05-login-${size}`)

        await page.locator('#login-btn').click()
        await modal(page).root.waitFor()
        assert.equal((await modal(page).title.innerText()).trim(), '请先阅读并同意')
        await screenshot(page, `06-login-agreement-prompt-${size}`)
        await modal(page).cancel.click()
        await modal(page).root.waitFor({ state: 'hidden' })
        assert.equal(await page.locator('#agreement-check').getAttribute('aria-checked'), 'false')

        // The titles inside the agreement line open the documents, and coming back keeps the page.
        await page.locator('#agreement-privacy').click()
        await page.locator('#agreement-title', { hasText: '隐私政策' }).waitFor()
        await page.goBack()
        await page.locator('#login-btn').waitFor()

        await page.locator('#login-skip').click()
        await page.locator('#home-greeting').waitFor()
        assert.equal(await text(page, '#home-greeting'), '欢迎来到 wxlogin')
        assert.equal(await page.evaluate(() => localStorage.getItem('wxlogin:tokens')), null)
      } finally {
        await context.close()
      }
    })
  })
}
