// Browser tests of profile completion that need POST /api/me/avatar and POST /api/me/phone.
// If the server in use does not have those routes yet (404 NOT_FOUND), the tests say so and skip.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { solidPng } from './fixtures.mjs'
import { loginFromUi, screenshot, startH5Stack } from './h5-harness.mjs'
import { httpJson, mintLoginCode } from './stack.mjs'

let h5
/** Why a route cannot be tested here, or null when it exists. */
const missing = { avatar: null, phone: null }

/** Asks the server with a real token; only a 404 NOT_FOUND means "not deployed yet". */
async function probeRoutes() {
  const { code } = await mintLoginCode(h5.simUrl)
  const login = await httpJson('POST', `${h5.apiUrl}/api/auth/wx-login`, { code })
  assert.equal(login.status, 200, `wx-login for the route probe: ${JSON.stringify(login.body)}`)
  const auth = { authorization: `Bearer ${login.body.accessToken}` }
  for (const [name, path, body] of [
    ['avatar', '/api/me/avatar', {}],
    ['phone', '/api/me/phone', { code: 'route-probe' }],
  ]) {
    const res = await httpJson('POST', `${h5.apiUrl}${path}`, body, auth)
    if (res.status === 404 && res.body?.error?.code === 'NOT_FOUND')
      missing[name] = `POST ${path} answers 404 NOT_FOUND: the endpoint is not deployed yet`
  }
}

before(async () => {
  h5 = await startH5Stack()
  await probeRoutes()
})

after(async () => {
  await h5?.stop()
})

const text = async (page, selector) => (await page.locator(selector).innerText()).trim()

function skipIfMissing(t, name) {
  if (!missing[name]) return false
  console.log(`skipping: ${missing[name]}`)
  t.skip(missing[name])
  return true
}

test('completes the profile with an avatar: picked, uploaded, served by the server', async (t) => {
  if (skipIfMissing(t, 'avatar')) return
  const { context, page } = await h5.openApp()
  try {
    await loginFromUi(page)
    const chooser = page.waitForEvent('filechooser')
    await page.locator('#avatar-btn').click()
    await (
      await chooser
    ).setFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: solidPng() })
    await page.locator('#profile-notice', { hasText: '头像已更新' }).waitFor()

    const img = page.locator('#avatar-img img')
    await img.waitFor()
    const src = await img.getAttribute('src')
    assert.ok(src && /^https?:\/\//.test(src), `avatar src is a server URL, got ${src}`)
    // The browser really loaded it (no token needed), so it is a working image URL.
    await page.waitForFunction(
      (el) => el.complete && el.naturalWidth > 0,
      await img.elementHandle(),
    )
    await screenshot(page, '07-avatar-uploaded')

    await page.reload()
    await page.locator('#avatar-img img').waitFor()
    assert.equal(await page.locator('#avatar-img img').getAttribute('src'), src)
  } finally {
    await context.close()
  }
})

test('binds a phone with a simulator phone code and shows it masked', async (t) => {
  if (skipIfMissing(t, 'phone')) return
  const { context, page } = await h5.openApp()
  try {
    await loginFromUi(page)
    await page.locator('#phone-btn').click()
    // The H5 stand-in for getPhoneNumber: type a number; the page mints its code at POST <sim>/__sim/phone-code.
    await page.locator('.uni-modal__textarea').fill('13912345678')
    await screenshot(page, '08-phone-prompt')
    await page.locator('.uni-modal__btn_primary').click()
    await page.locator('#profile-notice', { hasText: '手机号已绑定' }).waitFor()
    assert.equal(await text(page, '#profile-phone'), '139****5678')
    assert.equal(await text(page, '#phone-btn'), '更换手机号')
    const stats = await httpJson('GET', `${h5.simUrl}/__sim/stats`)
    assert.ok(
      stats.body.calls.getuserphonenumber >= 1,
      'the server exchanged the code with the simulator',
    )
    await screenshot(page, '09-phone-bound')
  } finally {
    await context.close()
  }
})
