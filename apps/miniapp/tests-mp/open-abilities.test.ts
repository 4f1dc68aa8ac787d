// WeChat's open abilities on the built bundle: chooseAvatar, getPhoneNumber and the privacy
// authorization, each fired as WeChat fires it, against the real server and its simulator.
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { solidPng } from '../e2e/fixtures.mjs'
import { httpJson, mintLoginCode, postJson, startStack, type Stack } from '../e2e/stack.mjs'
import { assertBuilt, bootApp, createWx, MP_DIST, pageText, waitFor } from './mp-harness'

let stack: Stack
let app: ReturnType<typeof bootApp>
let wxStub: ReturnType<typeof createWx>
const openid = `mp-abilities-${randomUUID()}`

type Page = ReturnType<ReturnType<typeof bootApp>['openPage']>
const avatarButton = (page: Page) =>
  page.querySelector('#avatar-btn')!.querySelector('#avatar-btn')!
const privacyPopup = (page: Page) => page.querySelector('#privacy')!
const calls = (p: string) => wxStub.sent.filter((r) => r.path === p).length
const me = async () =>
  (
    await httpJson('GET', `${stack.apiUrl}/api/me`, undefined, {
      authorization: `Bearer ${(wxStub.storage.get('wxlogin:tokens') as { accessToken: string }).accessToken}`,
    })
  ).body

beforeAll(async () => {
  assertBuilt(MP_DIST)
  stack = await startStack()
  wxStub = createWx({
    apiUrl: stack.apiUrl,
    loginCode: async () => (await mintLoginCode(stack.simUrl, openid)).code,
  })
  app = bootApp(wxStub.wx)
  // Sign in through the login page, as a user would.
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

let profile: Page
beforeEach(async () => {
  profile = app.openPage('pages/profile/index')
  await waitFor(
    () => pageText(profile).includes('手机号'),
    () => `the profile rows (text: ${pageText(profile)})`,
  )
})

describe('chooseAvatar', () => {
  it('the chosen temp file is uploaded with wx.uploadFile and becomes the avatar', async () => {
    const file = path.join(os.tmpdir(), `wxlogin-avatar-${randomUUID()}.png`)
    writeFileSync(file, solidPng(64))
    avatarButton(profile).dispatchEvent('chooseavatar', { detail: { avatarUrl: file } })
    await waitFor(
      () => wxStub.toasts.includes('头像已更新'),
      () => `the 头像已更新 toast (text: ${pageText(profile)})`,
    )
    const { avatarUrl } = await me()
    expect(avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    expect(wxStub.storage.get('wxlogin:user')).toMatchObject({ avatarUrl })
    // The server serves it without a token.
    expect((await httpJson('GET', avatarUrl as string)).status).toBe(200)
  })

  it('a privacy refusal (errno 104) is explained next to the avatar; nothing is uploaded', async () => {
    const uploads = calls('/api/me/avatar')
    avatarButton(profile).dispatchEvent('chooseavatar', {
      detail: { errno: 104, errMsg: 'chooseAvatar:fail privacy permission is not authorized' },
    })
    await waitFor(
      () => pageText(profile).includes('还没有同意隐私保护指引，暂时无法使用微信头像'),
      () => `the privacy message (text: ${pageText(profile)})`,
    )
    expect(calls('/api/me/avatar')).toBe(uploads)
  })
})

describe('getPhoneNumber', () => {
  it('success: the phone code goes to the server, the masked number is shown', async () => {
    const minted = await postJson(`${stack.simUrl}/__sim/phone-code`, {
      phoneNumber: '13912345678',
    })
    expect(minted.status).toBe(200)
    profile.querySelector('#phone-btn')!.dispatchEvent('getphonenumber', {
      detail: { code: minted.body.code, errMsg: 'getPhoneNumber:ok' },
    })
    await waitFor(
      () => pageText(profile).includes('139****5678'),
      () => `the masked phone (text: ${pageText(profile)})`,
    )
    expect(wxStub.toasts).toContain('手机号已绑定')
    expect((await me()).phone).toBe('139****5678')
  })

  it.each([
    [{ errMsg: 'getPhoneNumber:fail user deny' }, '你取消了手机号授权，未做任何更改'],
    [
      { errno: 104, errMsg: 'getPhoneNumber:fail privacy permission is not authorized' },
      '你还没有同意隐私保护指引，暂时无法使用微信手机号。同意后可再试一次',
    ],
  ])('no code (%o): a clear message, nothing sent', async (detail, message) => {
    const before = calls('/api/me/phone')
    profile.querySelector('#phone-btn')!.dispatchEvent('getphonenumber', { detail })
    await waitFor(
      () => pageText(profile).includes(message),
      () => `"${message}" (text: ${pageText(profile)})`,
    )
    expect(calls('/api/me/phone')).toBe(before)
  })
})

describe('privacy authorization (wx.onNeedPrivacyAuthorization)', () => {
  it('the app registered its listener at launch', () => {
    expect(wxStub.privacy.listener).toBeTypeOf('function')
  })

  it('our popup shows, reports its exposure, and agrees through the agreePrivacyAuthorization button', async () => {
    const resolve = vi.fn()
    wxStub.privacy.listener!(resolve)
    await waitFor(
      () => pageText(profile).includes('用户隐私保护提示'),
      () => `the privacy popup (text: ${pageText(profile)})`,
    )
    expect(pageText(profile)).toContain('《wxlogin隐私保护指引》')
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })

    privacyPopup(profile).querySelector('#privacy-contract')!.dispatchEvent('tap')
    await waitFor(
      () => wxStub.privacyContractOpened.length === 1,
      () => 'wx.openPrivacyContract',
    )

    const agree = privacyPopup(profile).querySelector('#privacy-agree')!
    agree.dispatchEvent('tap') // a tap alone is not WeChat's agreement event
    expect(resolve).toHaveBeenCalledTimes(1)
    agree.dispatchEvent('agreeprivacyauthorization')
    await waitFor(
      () => resolve.mock.calls.length === 2,
      () => 'the agree answer',
    )
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' })
    await waitFor(
      () => !pageText(profile).includes('用户隐私保护提示'),
      () => 'the popup to close',
    )
  })

  it('拒绝 answers disagree and closes the popup', async () => {
    const resolve = vi.fn()
    wxStub.privacy.listener!(resolve)
    await waitFor(
      () => pageText(profile).includes('用户隐私保护提示'),
      () => 'the privacy popup',
    )
    privacyPopup(profile).querySelector('#privacy-disagree')!.dispatchEvent('tap')
    await waitFor(
      () => resolve.mock.calls.some((c) => (c[0] as { event: string }).event === 'disagree'),
      () => 'the disagree answer',
    )
    await waitFor(
      () => !pageText(profile).includes('用户隐私保护提示'),
      () => 'the popup to close',
    )
  })
})
