// The profile list in the H5 build: avatar upload with a spinner, the privacy popup (the H5
// stand-in for WeChat's privacy authorization), phone binding, and a rate limit counting down.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { solidPng } from './fixtures.mjs'
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
import { httpJson, mintLoginCode, postJson } from './stack.mjs'

let h5

before(async () => {
  h5 = await startH5Stack()
})

after(async () => {
  await h5?.stop()
})

/** A new user signed in as `dev-<name>`, on the 个人资料 page. */
async function onProfile(viewport, options = {}) {
  const app = await h5.openApp({ viewport, path: '/pages/login/index', ...options })
  await loginFromUi(app.page)
  await app.page.locator('#welcome-skip').click()
  await app.page.goto(`${h5.origin}/#/pages/profile/index`)
  await app.page.locator('#profile-phone').waitFor()
  return app
}

/** The simulator's content-check rules; `{}` puts the defaults back (everything passes). */
async function contentRules(rules) {
  const res = await postJson(`${h5.simUrl}/__sim/content-rules`, {
    riskyWords: [],
    reviewWords: [],
    imageVerdict: 'pass',
    pushDelayMs: 1000,
    ...rules,
  })
  assert.equal(res.status, 204, JSON.stringify(res.body))
}

async function phoneCode(phoneNumber) {
  const res = await postJson(`${h5.simUrl}/__sim/phone-code`, { phoneNumber })
  assert.equal(res.status, 200)
  return res.body.code
}

for (const [index, [size, viewport]] of Object.entries(VIEWPORTS).entries()) {
  // One phone number per screen size: a number is bound to one account at a time.
  const phone = `1391234567${index}`
  const masked = `139****567${index}`
  describe(`the profile at ${viewport.width}×${viewport.height}`, () => {
    test('avatar: a spinner while it uploads, then the photo the server serves', async () => {
      const { context, page } = await onProfile(viewport)
      try {
        let release
        const held = new Promise((resolve) => (release = resolve))
        await context.route(`${h5.apiUrl}/api/me/avatar`, async (route) => {
          await held
          await route.continue()
        })
        const chooser = page.waitForEvent('filechooser')
        await page.locator('#avatar-btn').click()
        await (
          await chooser
        ).setFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: solidPng(96) })
        await page.locator('#avatar-btn .spinner').waitFor()
        assert.equal(await enabled(page, '#avatar-btn'), false)
        await screenshot(page, `23-avatar-uploading-${size}`)
        release()

        await toast(page, '头像已更新').waitFor()
        const img = page.locator('#avatar-img img')
        await page.waitForFunction(() =>
          /^https?:\/\/127\.0\.0\.1/.test(
            document.querySelector('#avatar-img img')?.getAttribute('src') ?? '',
          ),
        )
        await page.waitForFunction(
          (el) => el.complete && el.naturalWidth > 0,
          await img.elementHandle(),
        )
        assert.equal(await page.locator('#avatar-btn .spinner').count(), 0)
        assert.ok(await enabled(page, '#avatar-btn'))
        await screenshot(page, `24-avatar-uploaded-${size}`, { toast: true })
      } finally {
        await context.close()
      }
    })

    test('privacy: our popup first; declining is explained, agreeing lets the phone through', async () => {
      const { context, page } = await onProfile(viewport, { privacy: 'ask' })
      try {
        await page.locator('#phone-btn').click()
        await page.locator('#privacy-popup').waitFor()
        assert.match(await text(page, '#privacy-popup'), /用户隐私保护提示/)
        assert.ok(await enabled(page, '#privacy-agree'))
        await assertTapTargets(page)
        await screenshot(page, `25-privacy-popup-${size}`)

        await page.locator('#privacy-disagree').click()
        await page.locator('#phone-error').waitFor()
        assert.equal(
          await text(page, '#phone-error'),
          '你还没有同意隐私保护指引，暂时无法使用微信手机号。同意后可再试一次',
        )
        await screenshot(page, `26-privacy-declined-${size}`)

        await page.locator('#phone-btn').click()
        await page.locator('#privacy-agree').click()
        // The browser stand-in for WeChat's phone sheet: type a number, the simulator mints its code.
        await modal(page).root.waitFor()
        await page.locator('.uni-modal__textarea').fill(phone)
        await screenshot(page, `27-phone-prompt-${size}`)
        await modal(page).confirm.click()
        await toast(page, '手机号已绑定').waitFor()
        await page.locator('#profile-phone', { hasText: masked }).waitFor()
        assert.equal(await page.locator('#phone-error').count(), 0)
        await screenshot(page, `28-phone-bound-${size}`, { toast: true })
        assert.equal((await stored(page, 'wxlogin:user')).phone, masked)
      } finally {
        await context.close()
      }
    })

    test('a nickname WeChat judges risky is refused next to the field, the draft kept', async () => {
      const { context, page } = await onProfile(viewport)
      try {
        await contentRules({ riskyWords: ['违规词'] })
        await page.locator('#nickname-row').click()
        const input = page.locator('#nickname-input input')
        await input.fill('违规词用户')
        await page.locator('#nickname-save').click()
        await page.locator('#nickname-error').waitFor()
        assert.equal(await text(page, '#nickname-error'), '该昵称包含不合适的内容，请修改后再试')
        assert.equal(await input.inputValue(), '违规词用户')
        assert.ok(await enabled(page, '#nickname-save'))
        await screenshot(page, `38-nickname-risky-${size}`)
      } finally {
        await contentRules({})
        await context.close()
      }
    })

    test('an avatar is marked 审核中 until WeChat judges it; a rejected one is removed and said so', async () => {
      const { context, page } = await onProfile(viewport)
      try {
        await contentRules({ imageVerdict: 'risky', pushDelayMs: 4_000 })
        const chooser = page.waitForEvent('filechooser')
        await page.locator('#avatar-btn').click()
        await (
          await chooser
        ).setFiles({
          name: 'risky.png',
          mimeType: 'image/png',
          buffer: solidPng(80, [200, 30, 30]),
        })
        await page.locator('#avatar-review', { hasText: '审核中' }).waitFor()
        assert.match(await text(page, '#avatar-review-hint'), /新头像正在审核中/)
        await screenshot(page, `39-avatar-under-review-${size}`)

        // The verdict is pushed to the server; the next time the page shows, the avatar is gone.
        let rejected = false
        for (let i = 0; i < 40 && !rejected; i++) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          const { body } = await httpJson('GET', `${h5.apiUrl}/api/me`, undefined, {
            authorization: `Bearer ${(await stored(page, 'wxlogin:tokens')).accessToken}`,
          })
          rejected = body.avatarReview === 'rejected'
        }
        assert.ok(rejected, 'the simulator pushed a risky verdict')
        await page.reload()
        await page.locator('#avatar-rejected-hint').waitFor()
        assert.equal(
          await text(page, '#avatar-rejected-hint'),
          '上一张头像未通过内容审核，已被移除，请换一张',
        )
        assert.match(
          (await page.locator('#avatar-img img').getAttribute('src')) ?? '',
          /default-avatar/,
        )
        await screenshot(page, `40-avatar-rejected-${size}`)
      } finally {
        await contentRules({})
        await context.close()
      }
    })

    test('a rate-limited phone binding counts the Retry-After down next to the row', async () => {
      const name = `limited-${size}-${Date.now()}`
      const { context, page } = await onProfile(viewport, { devUser: name })
      try {
        // Use up this user's hourly phone quota from another session of the same WeChat user.
        const { code } = await mintLoginCode(h5.simUrl, `dev-${name}`)
        const other = await httpJson('POST', `${h5.apiUrl}/api/auth/wx-login`, { code })
        let status = 200
        for (let i = 0; i < 30 && status !== 429; i++) {
          const res = await httpJson(
            'POST',
            `${h5.apiUrl}/api/me/phone`,
            { code: await phoneCode(`1390000${String(1000 + i)}`) },
            { authorization: `Bearer ${other.body.accessToken}` },
          )
          status = res.status
        }
        assert.equal(status, 429)

        await page.locator('#phone-btn').click()
        await page.locator('.uni-modal__textarea').fill('13912340000')
        await modal(page).confirm.click()
        await page.locator('#phone-error').waitFor()
        assert.match(await text(page, '#phone-error'), /^操作太频繁，请 \d+ (秒|分钟)后再试$/)
        await screenshot(page, `29-phone-rate-limited-${size}`)
      } finally {
        await context.close()
      }
    })
  })
}
