import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpJson, mintLoginCode, startStack, type Stack } from '../e2e/stack.mjs'
import { assertBuilt, bootApp, createWx, MP_DIST, pageText, waitFor } from './mp-harness'

const NICKNAME = '小程序测试员'

let stack: Stack
let app: ReturnType<typeof bootApp>
let wxStub: ReturnType<typeof createWx>
const openid = `mp-bundle-${randomUUID()}`

/** A returning user: logs in once from Node and sets a nickname, so the bundle has one to show. */
async function seedUser(): Promise<void> {
  const { code } = await mintLoginCode(stack.simUrl, openid)
  const login = await httpJson('POST', `${stack.apiUrl}/api/auth/wx-login`, { code })
  expect(login.status).toBe(200)
  const patch = await httpJson(
    'PATCH',
    `${stack.apiUrl}/api/me`,
    { nickname: NICKNAME },
    { authorization: `Bearer ${login.body.accessToken}` },
  )
  expect(patch.status).toBe(200)
}

const accessToken = () =>
  (wxStub.storage.get('wxlogin:tokens') as { accessToken: string }).accessToken

beforeAll(async () => {
  assertBuilt(MP_DIST)
  stack = await startStack()
  await seedUser()
  wxStub = createWx({
    apiUrl: stack.apiUrl,
    // wx.login as the simulator would answer it for this user: a fresh single-use code each time.
    loginCode: async () => (await mintLoginCode(stack.simUrl, openid)).code,
  })
  app = bootApp(wxStub.wx)
})

afterAll(async () => {
  app?.restoreGlobals()
  await stack?.stop()
})

describe('built mp-weixin pages against the real server', () => {
  it('the home page opens for a visitor, without asking anyone for anything', () => {
    const home = app.openPage('pages/home/index')
    expect(pageText(home)).toContain('欢迎来到 wxlogin')
    expect(pageText(home)).toContain('公开内容')
    expect(wxStub.sent).toHaveLength(0)
  })

  it('login asks for the agreement first, then wx.login → wx-login → back to the page', async () => {
    const login = app.openPage('pages/login/index', {
      redirect: encodeURIComponent('/pages/profile/index'),
    })
    expect(pageText(login)).toContain('微信一键登录')
    expect(pageText(login)).toContain('暂不登录')

    wxStub.modalAnswers.push(false) // "不同意" in the agreement prompt
    login.querySelector('#login-btn')!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.modals.length === 1,
      () => 'the agreement prompt',
    )
    expect(wxStub.modals[0]?.title).toBe('请先阅读并同意')
    expect(wxStub.sent.filter((r) => r.path === '/api/auth/wx-login')).toHaveLength(0)

    login.querySelector('#agreement')!.querySelector('#agreement-check')!.dispatchEvent('tap')
    login.querySelector('#login-btn')!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.navigations.find((n) => n.url === '/pages/profile/index'),
      () => `a redirect back to the profile (navigations: ${JSON.stringify(wxStub.navigations)})`,
    )
    expect(wxStub.modals).toHaveLength(1)
    expect(wxStub.sent.filter((r) => r.path === '/api/auth/wx-login')).toHaveLength(1)
    expect(wxStub.toasts).toContain('登录成功')
    // The tokens and the user landed in WeChat storage under our own prefix.
    expect(wxStub.storage.get('wxlogin:tokens')).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    })
    expect(wxStub.storage.get('wxlogin:user')).toMatchObject({ nickname: NICKNAME })
  })

  it('the login page cannot be used while signed in: it leaves at once', async () => {
    const before = wxStub.navigations.length
    app.openPage('pages/login/index')
    await waitFor(
      () => wxStub.navigations.length > before,
      () => 'the login page to leave',
    )
    expect(wxStub.navigations.at(-1)?.api).toBe('navigateBack')
    expect(wxStub.sent.filter((r) => r.path === '/api/auth/wx-login')).toHaveLength(1)
  })

  it('the profile list shows the user with the stored token', async () => {
    const profile = app.openPage('pages/profile/index')
    expect(pageText(profile)).toContain(NICKNAME) // from the cache, before any request
    await waitFor(
      () => wxStub.sent.some((r) => r.path === '/api/me'),
      () => 'GET /api/me',
    )
    expect(pageText(profile)).toContain('未绑定')
    expect(wxStub.sent.filter((r) => r.path === '/api/me').at(-1)?.header.authorization).toMatch(
      /^Bearer /,
    )
  })

  it('saves a nickname typed into <input type="nickname"> (POST + X-HTTP-Method-Override)', async () => {
    const edit = app.openPage('pages/profile/edit')
    const input = edit.querySelector('#nickname-input')!
    input.dispatchEvent('input', { detail: { value: '  改过的昵称 ' } })
    edit.querySelector('#nickname-save')!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.toasts.includes('昵称已保存'),
      () => `the 昵称已保存 toast (toasts: ${wxStub.toasts.join(', ')})`,
    )
    const saved = wxStub.sent.filter((r) => r.path === '/api/me' && r.method === 'POST')
    expect(saved.at(-1)?.header['x-http-method-override']).toBe('PATCH')
    const me = await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${accessToken()}`,
    })
    expect(me.body.nickname).toBe('改过的昵称')
  })

  it('logout asks first, then ends the session on the server and in storage', async () => {
    const mine = app.openPage('pages/mine/index')
    const token = accessToken()
    const asked = wxStub.modals.length
    mine.querySelector('#logout-btn')!.dispatchEvent('tap')
    await waitFor(
      () => !wxStub.storage.has('wxlogin:tokens'),
      () => 'the tokens to be removed',
    )
    expect(wxStub.modals.slice(asked).map((m) => m.title)).toEqual(['退出登录'])
    expect(wxStub.storage.has('wxlogin:user')).toBe(false)
    await waitFor(
      () => pageText(mine).includes('点击登录'),
      () => `the signed-out 我的 page (text: ${pageText(mine)})`,
    )
    const me = await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${token}`,
    })
    expect(me.status).toBe(401)
  })
})
