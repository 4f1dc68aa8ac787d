import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import AgreementUpdate from '@/components/AgreementUpdate.vue'
import DeletePage from '@/pages/account/delete.vue'
import SessionsPage from '@/pages/sessions/index.vue'
import { useAccountStore } from '@/stores/account'
import { useAuthStore } from '@/stores/auth'
import { currentUni } from './mocks/uni'
import { openPage, type PageWrapper } from './mocks/open-profile'
import { settle } from './mocks/settle'

const decline = () =>
  currentUni().showModal.mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: '' })

describe('consent to the agreements', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('the login page’s checkbox travels with the login; no prompt afterwards', async () => {
    const auth = useAuthStore()
    await auth.login('1')
    expect(currentUni().api.seen.at(-1)?.data).toMatchObject({ agreement: { version: '1' } })
    expect(auth.user?.agreement?.version).toBe('1')
    expect(auth.agreementRequired).toBe(false)
  })

  it('a user who never accepted these texts (or the server asks) is asked, and accepting records it', async () => {
    const auth = useAuthStore()
    await auth.login()
    expect(auth.agreementRequired).toBe(true)
    await useAccountStore().acceptAgreement()
    expect(currentUni().api.seen.at(-1)).toMatchObject({
      path: '/api/me/agreement',
      data: { version: '1' },
    })
    expect(auth.agreementRequired).toBe(false)
  })

  it('when the server has a newer version, agreementRequired from the login asks again', async () => {
    currentUni().api.options.agreementVersion = '2'
    const auth = useAuthStore()
    await auth.login('1')
    expect(auth.agreementAsked).toBe(true)
    expect(auth.agreementRequired).toBe(true)
  })
})

describe('the re-consent prompt', () => {
  const mountPrompt = async () => {
    const { page, auth } = await openPage(AgreementUpdate)
    await settle(1)
    return { page, auth }
  }

  it('shows on top of the page; 同意 records the consent and closes it', async () => {
    const { page, auth } = await mountPrompt()
    expect(page.get('#agreement-update-title').text()).toBe('请阅读并同意用户协议和隐私政策')
    await page.get('#agreement-update-privacy').trigger('click')
    expect(currentUni().navigateTo).toHaveBeenCalledWith({
      url: '/pages/agreement/index?doc=privacy',
    })
    await page.get('#agreement-accept').trigger('click')
    await settle()
    expect(auth.agreementRequired).toBe(false)
    expect(page.find('#agreement-update').exists()).toBe(false)
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '已同意', icon: 'success' })
  })

  it('不同意 signs the user out', async () => {
    const { page, auth } = await mountPrompt()
    await page.get('#agreement-decline').trigger('click')
    await settle()
    expect(auth.isLoggedIn).toBe(false)
    expect(currentUni().api.calls('/api/auth/logout')).toBe(1)
    expect(page.find('#agreement-update').exists()).toBe(false)
  })

  it('an updated version is announced as an update', async () => {
    currentUni().api.user.agreement = { version: '0', acceptedAt: '2025-01-01T00:00:00.000Z' }
    const { page } = await mountPrompt()
    expect(page.get('#agreement-update-title').text()).toBe('用户协议和隐私政策已更新')
  })
})

describe('登录设备', () => {
  const open = async () => {
    const { page, auth } = await openPage(SessionsPage)
    await settle()
    return { page, auth }
  }
  const rows = (page: PageWrapper) => page.findAll('.session')

  it('lists the devices, this one marked 本机 and without a 退出 of its own', async () => {
    const { page } = await open()
    expect(rows(page)).toHaveLength(2)
    const [mine, other] = rows(page)
    expect(mine!.text()).toContain('iPhone · iOS 17.0 · 微信 8.0.47')
    expect(mine!.text()).toContain('本机')
    expect(mine!.find('.revoke').exists()).toBe(false)
    expect(other!.text()).toContain('203.0.113.*')
    expect(other!.get('.revoke').text()).toBe('退出')
  })

  it('退出 asks first, then signs that device out', async () => {
    const { page } = await open()
    decline()
    await rows(page)[1]!.get('.revoke').trigger('click')
    await settle()
    expect(currentUni().api.calls('/api/me/sessions/s-other')).toBe(0)
    await rows(page)[1]!.get('.revoke').trigger('click')
    await settle()
    expect(currentUni().api.seen.find((r) => r.path === '/api/me/sessions/s-other')?.method).toBe(
      'DELETE',
    )
    expect(rows(page)).toHaveLength(1)
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '已退出该设备', icon: 'success' })
    expect(page.get('#sessions-only-this').text()).toBe('只有本机在登录')
    expect(page.get('#logout-others').attributes('disabled')).toBeDefined()
  })

  it('退出其他所有设备 keeps only this one', async () => {
    const { page } = await open()
    await page.get('#logout-others').trigger('click')
    await settle()
    expect(currentUni().api.calls('/api/auth/logout-others')).toBe(1)
    expect(rows(page)).toHaveLength(1)
  })

  it('a device that already ended elsewhere is said so, and the list is refreshed', async () => {
    const { page } = await open()
    currentUni().api.failNext('/api/me/sessions/s-other', 404, 'NOT_FOUND')
    await rows(page)[1]!.get('.revoke').trigger('click')
    await settle()
    expect(page.get('#sessions-error').text()).toBe('该设备已经退出登录')
  })

  it('a failed load says why and retries', async () => {
    const { page } = await openPage(SessionsPage, {
      beforeShow: () => currentUni().api.failNext('/api/me/sessions', 503, 'DB_UNAVAILABLE'),
    })
    await settle()
    expect(page.get('#sessions-state').text()).toContain('服务暂时不可用，请稍后重试')
    await page.get('#sessions-retry').trigger('click')
    await settle()
    expect(rows(page)).toHaveLength(2)
  })
})

describe('注销账号', () => {
  const open = async () => {
    const { page, auth } = await openPage(DeletePage)
    await settle()
    return { page, auth }
  }

  it('says what will be erased; the button waits for the acknowledgement', async () => {
    const { page } = await open()
    expect(page.text()).toContain('绑定的手机号')
    expect(page.get('#delete-btn').attributes('disabled')).toBeDefined()
    await page.get('#delete-understood').trigger('click')
    expect(page.get('#delete-btn').attributes('disabled')).toBeUndefined()
  })

  it('confirmed: a fresh WeChat code, the account is gone, and the app starts over at home', async () => {
    const { page, auth } = await open()
    const codesBefore =
      currentUni().login.mock.calls.length + currentUni().api.calls('/__sim/login-code')
    await page.get('#delete-understood').trigger('click')
    decline()
    await page.get('#delete-btn').trigger('click')
    await settle()
    expect(currentUni().api.seen.some((r) => r.method === 'DELETE')).toBe(false)

    await page.get('#delete-btn').trigger('click')
    await settle()
    expect(currentUni().showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '确认注销账号？', confirmText: '注销' }),
    )
    const deleted = currentUni().api.seen.find((r) => r.path === '/api/me' && r.method === 'DELETE')
    expect((deleted?.data as { code: string }).code).toBeTruthy()
    const codesAfter =
      currentUni().login.mock.calls.length + currentUni().api.calls('/__sim/login-code')
    // On H5 the dev code is reusable (dev:<name>) and minted without a request; in WeChat it is a new wx.login.
    if (process.env.UNI_TEST_PLATFORM !== 'h5') expect(codesAfter).toBe(codesBefore + 1)
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.ended).toBe('deleted')
    expect(currentUni().storage.has('wxlogin:user')).toBe(false)
    expect(currentUni().reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' })
  })

  it('a code of another WeChat user is refused, and nothing changes here', async () => {
    const { page, auth } = await open()
    currentUni().api.failNext('/api/me', 403, 'FORBIDDEN')
    await page.get('#delete-understood').trigger('click')
    await page.get('#delete-btn').trigger('click')
    await settle()
    expect(page.get('#delete-error').text()).toBe('请使用登录本账号的微信进行注销')
    expect(auth.isLoggedIn).toBe(true)
  })
})
