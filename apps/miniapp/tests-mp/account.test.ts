// 登录设备 and 注销账号 in the built bundle: wx.request with DELETE (and a body), and the fresh
// wx.login code the deletion needs, against the real server.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpJson, mintLoginCode, startStack, type Stack } from '../e2e/stack.mjs'
import { assertBuilt, bootApp, createWx, MP_DIST, pageText, waitFor } from './mp-harness'

let stack: Stack
let app: ReturnType<typeof bootApp>
let wxStub: ReturnType<typeof createWx>
const openid = `mp-account-${randomUUID()}`
let loginCodes = 0

const token = () => (wxStub.storage.get('wxlogin:tokens') as { accessToken: string }).accessToken

beforeAll(async () => {
  assertBuilt(MP_DIST)
  stack = await startStack()
  wxStub = createWx({
    apiUrl: stack.apiUrl,
    loginCode: async () => {
      loginCodes += 1
      return (await mintLoginCode(stack.simUrl, openid)).code
    },
  })
  app = bootApp(wxStub.wx)
  const login = app.openPage('pages/login/index')
  login.querySelector('#agreement')!.querySelector('#agreement-check')!.dispatchEvent('tap')
  login.querySelector('#login-btn')!.dispatchEvent('tap')
  await waitFor(
    () => wxStub.storage.has('wxlogin:tokens'),
    () => 'the login to finish',
  )
})

afterAll(async () => {
  app?.restoreGlobals()
  await stack?.stop()
})

describe('account pages in the built bundle', () => {
  it('the login recorded the consent the checkbox gave', async () => {
    const me = await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${token()}`,
    })
    expect(me.body.agreement).toMatchObject({ version: '1' })
  })

  it('登录设备 lists this phone and another, and signs the other out', async () => {
    const { code } = await mintLoginCode(stack.simUrl, openid)
    const other = await httpJson('POST', `${stack.apiUrl}/api/auth/wx-login`, { code })
    const page = app.openPage('pages/sessions/index')
    await waitFor(
      () => pageText(page).includes('本机') && page.querySelectorAll('.session').length === 2,
      () => `two sessions (text: ${pageText(page)})`,
    )
    page.querySelectorAll('.revoke')[0]!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.toasts.includes('已退出该设备'),
      () => `the 已退出该设备 toast (toasts: ${wxStub.toasts.join(', ')})`,
    )
    expect(wxStub.modals.at(-1)?.title).toBe('退出该设备')
    const revoked = await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${other.body.accessToken}`,
    })
    expect(revoked.status).toBe(401)
  })

  it('注销账号: a fresh wx.login code with DELETE /api/me, then a fresh start at home', async () => {
    const oldToken = token()
    const codesBefore = loginCodes
    const page = app.openPage('pages/account/delete')
    page.querySelector('#delete-understood')!.dispatchEvent('tap')
    page.querySelector('#delete-btn')!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.navigations.some((n) => n.api === 'reLaunch' && n.url === '/pages/home/index'),
      () =>
        `the relaunch home (navigations: ${JSON.stringify(wxStub.navigations)}, modals: ${JSON.stringify(wxStub.modals)}, text: ${pageText(page)}, sent: ${JSON.stringify(wxStub.sent.slice(-3))})`,
    )
    expect(wxStub.modals.at(-1)?.title).toBe('确认注销账号？')
    expect(loginCodes).toBe(codesBefore + 1)
    const sent = wxStub.sent.filter((r) => r.path === '/api/me' && r.method === 'DELETE')
    expect(sent).toHaveLength(1)
    expect(wxStub.storage.has('wxlogin:tokens')).toBe(false)
    const gone = await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${oldToken}`,
    })
    expect(gone.status).toBe(401)

    const home = app.openPage('pages/home/index')
    expect(pageText(home)).toContain('账号已注销')
  })
})
