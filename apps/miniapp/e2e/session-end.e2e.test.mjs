// Login failures and ended sessions in the H5 build, against the real server and simulator:
// each says what happened in words and offers only what can help.
import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import {
  assertTapTargets,
  enabled,
  loginFromUi,
  modal,
  screenshot,
  startH5Stack,
  stored,
  text,
  VIEWPORTS,
} from './h5-harness.mjs'
import { signedIn } from './flows.mjs'
import { httpJson, mintLoginCode } from './stack.mjs'

let h5
let adminToken

/** Signs a WeChat user in from Node (the same user as a browser's `devUser` for `dev-<name>`). */
async function nodeLogin(openid) {
  const { code } = await mintLoginCode(h5.simUrl, openid)
  const res = await httpJson('POST', `${h5.apiUrl}/api/auth/wx-login`, { code })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body
}

const bearer = (token) => ({ authorization: `Bearer ${token}` })

before(async () => {
  h5 = await startH5Stack()
  const admin = await nodeLogin(`e2e-admin-${Date.now()}`)
  await h5.adminCli('grant', admin.user.id)
  adminToken = admin.accessToken
})

afterEach(async () => {
  await httpJson('DELETE', `${h5.simUrl}/__sim/faults`)
})

after(async () => {
  await h5?.stop()
})

const fault = (errcode, times = 10) =>
  h5.sim('/__sim/faults', { endpoint: 'jscode2session', errcode, times })

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`login failures at ${viewport.width}×${viewport.height}`, () => {
    test('WeChat unavailable: a clear message under the same button, and the retry works', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        assert.equal((await fault(-1)).status, 204)
        await loginFromUi(page)
        await page.locator('#login-error').waitFor()
        assert.equal(await text(page, '#login-error'), '微信服务暂时不可用，请稍后重试')
        assert.equal(await text(page, '#login-btn'), '微信一键登录')
        assert.ok(await enabled(page, '#login-btn'))
        await assertTapTargets(page)
        await screenshot(page, `15-login-wechat-unavailable-${size}`)

        await httpJson('DELETE', `${h5.simUrl}/__sim/faults`)
        await page.locator('#login-btn').click()
        await page.locator('#welcome-skip').waitFor()
      } finally {
        await context.close()
      }
    })

    test('network down: a clear message, then a retry that works', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        const api = new URL(h5.apiUrl)
        const offline = (url) => url.port === api.port
        await context.route(offline, (route) => route.abort('internetdisconnected'))
        await loginFromUi(page)
        await page.locator('#login-error').waitFor()
        assert.equal(await text(page, '#login-error'), '网络连接失败，请检查网络后重试')
        await screenshot(page, `16-login-network-down-${size}`)
        await context.unroute(offline)
        await page.locator('#login-btn').click()
        await page.locator('#welcome-skip').waitFor()
      } finally {
        await context.close()
      }
    })

    test('WeChat rate limit (45011): the button counts Retry-After down', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        await fault(45011)
        await loginFromUi(page)
        await page.locator('#login-error').waitFor()
        assert.equal(await text(page, '#login-error'), '微信登录太频繁，请稍后再试')
        const first = await text(page, '#login-btn')
        assert.match(first, /^请 (60|59) 秒后再试$/)
        assert.equal(await enabled(page, '#login-btn'), false)
        await screenshot(page, `17-login-rate-limited-${size}`)
        await page.waitForTimeout(2_100)
        const later = Number(/\d+/.exec(await text(page, '#login-btn'))?.[0])
        assert.ok(later <= Number(/\d+/.exec(first)?.[0]) - 2, `still counting down: ${later}`)
      } finally {
        await context.close()
      }
    })

    test('WeChat flags the user (40226): no retry that cannot help, 暂不登录 stays', async () => {
      const { context, page } = await h5.openApp({ viewport, path: '/pages/login/index' })
      try {
        await fault(40226)
        await loginFromUi(page)
        await page.locator('#login-error').waitFor()
        assert.equal(await text(page, '#login-error'), '该微信账号存在安全风险，暂时无法登录')
        assert.equal(await text(page, '#login-btn'), '暂时无法登录')
        assert.equal(await enabled(page, '#login-btn'), false)
        assert.ok(await enabled(page, '#login-skip'))
        await screenshot(page, `18-login-blocked-${size}`)
      } finally {
        await context.close()
      }
    })
  })

  describe(`ended sessions at ${viewport.width}×${viewport.height}`, () => {
    test('a disabled account looks the same wherever it is found: 联系客服 and 切换账号', async () => {
      const name = `disabled-${size}-${Date.now()}`
      const { context, page } = await signedIn(h5, viewport, name)
      try {
        const { id } = await stored(page, 'wxlogin:user')
        const patch = await httpJson(
          'PATCH',
          `${h5.apiUrl}/api/admin/users/${id}`,
          { status: 'disabled' },
          bearer(adminToken),
        )
        assert.equal(patch.status, 200, JSON.stringify(patch.body))

        // Found by a signed-in call (a cold start of the 我的 page).
        await page.goto(`${h5.origin}/#/pages/mine/index`)
        await page.reload()
        await page.locator('#session-ended-title').waitFor()
        assert.equal(await text(page, '#session-ended-title'), '账号已被停用')
        assert.equal(await text(page, '#mine-name'), '点击登录')
        await assertTapTargets(page)
        await screenshot(page, `19-disabled-found-on-mine-${size}`)

        await page.locator('#contact-support').click()
        await modal(page).root.waitFor()
        assert.match(await modal(page).root.innerText(), /客服/)
        await modal(page).confirm.click()

        // Found by a login: the same words, the same two ways out, no login button.
        await page.locator('#switch-account').click()
        await loginFromUi(page)
        await page.locator('#session-ended-title').waitFor()
        assert.equal(await text(page, '#session-ended-title'), '账号已被停用')
        assert.equal(await page.locator('#login-btn').count(), 0)
        assert.ok(await enabled(page, '#switch-account'))
        await screenshot(page, `20-disabled-found-at-login-${size}`)
      } finally {
        await context.close()
      }
    })

    test('a session ended on another device is explained on the way to login', async () => {
      const name = `revoked-${size}-${Date.now()}`
      const { context, page } = await signedIn(h5, viewport, name)
      try {
        const other = await nodeLogin(`dev-${name}`)
        const all = await httpJson(
          'POST',
          `${h5.apiUrl}/api/auth/logout-all`,
          undefined,
          bearer(other.accessToken),
        )
        assert.equal(all.status, 204)

        await page.goto(`${h5.origin}/#/pages/mine/index`)
        await page.locator('#mine-profile').click()
        await page.locator('#session-ended-title').waitFor()
        assert.match(page.url(), /#\/pages\/login\/index\?redirect=/)
        assert.equal(await text(page, '#session-ended-title'), '你已在其他设备上退出登录')
        assert.ok(await enabled(page, '#login-btn'))
        await screenshot(page, `21-session-revoked-elsewhere-${size}`)
        assert.equal(await stored(page, 'wxlogin:tokens'), null)
      } finally {
        await context.close()
      }
    })

    test('a session past its natural end: one silent re-login, and its failure in words', async () => {
      const name = `expired-${size}-${Date.now()}`
      const { context, page } = await signedIn(h5, viewport, name)
      try {
        // Make the session look as if it had reached its end, then end it on the server.
        const expire = async (beforeReload = async () => {}) => {
          await page.evaluate(() =>
            localStorage.setItem(
              'wxlogin:session-ends',
              JSON.stringify({ type: 'number', data: Date.now() - 1000 }),
            ),
          )
          const other = await nodeLogin(`dev-${name}`)
          await httpJson(
            'POST',
            `${h5.apiUrl}/api/auth/logout-all`,
            undefined,
            bearer(other.accessToken),
          )
          await beforeReload()
          await page.reload()
        }

        const before = (await stored(page, 'wxlogin:tokens')).refreshToken
        await page.waitForLoadState('networkidle')
        await expire()
        await page.goto(`${h5.origin}/#/pages/profile/index`)
        // Signed in again, silently: a new session, and the page stays where it is.
        await page.waitForFunction((old) => {
          const raw = localStorage.getItem('wxlogin:tokens')
          return raw !== null && !raw.includes(old)
        }, before)
        await page.locator('#profile-nickname').waitFor()
        assert.match(page.url(), /#\/pages\/profile\/index$/)
        assert.equal(await page.locator('#session-ended').count(), 0)

        // Now the re-login fails too (WeChat busy): the 我的 page says so after the cold start.
        await page.goto(`${h5.origin}/#/pages/mine/index`)
        // Let the page's own requests finish first: one that reached the server after the
        // logout-all below would find the session revoked (another reason, on another screen).
        await page.waitForLoadState('networkidle')
        await expire(() => fault(-1))
        // The server retries a busy WeChat a few times before it gives up: allow for that.
        await page.locator('#session-ended-title').waitFor({ timeout: 60_000 })
        assert.equal(await text(page, '#session-ended-title'), '登录已失效')
        assert.match(await text(page, '#session-ended-detail'), /自动重新登录没有成功/)
        assert.equal(await text(page, '#mine-name'), '点击登录')
        await screenshot(page, `22-relogin-failed-${size}`)
        // And the login page, reached from here, keeps saying why.
        await httpJson('DELETE', `${h5.simUrl}/__sim/faults`)
        await page.locator('#mine-profile').click()
        await page.locator('#login-btn').waitFor()
        assert.equal(await text(page, '#session-ended-title'), '登录已失效')
      } finally {
        await context.close()
      }
    })
  })
}
