import { describe, expect, it } from 'vitest'
import EditPage from '@/pages/profile/edit.vue'
import { currentUni } from './mocks/uni'
import { openPage, type PageWrapper } from './mocks/open-profile'
import { settle } from './mocks/settle'

async function typeNickname(page: PageWrapper, value: string): Promise<void> {
  const input = page.get('#nickname-input')
  ;(input.element as HTMLInputElement).value = value
  // uni's input events carry the value in `detail`, which is what the page reads.
  await input.trigger('input', { detail: { value } })
}

const save = async (page: PageWrapper) => {
  await page.get('#nickname-save').trigger('click')
  await settle()
}

describe('完善资料 / 编辑资料', () => {
  it('right after a first login: titled 完善资料, skippable, then on to where the user was going', async () => {
    const back = encodeURIComponent('/pages/profile/index')
    const { page } = await openPage(EditPage, { query: { welcome: '1', redirect: back } })
    expect(currentUni().setNavigationBarTitle).toHaveBeenCalledWith({ title: '完善资料' })
    await page.get('#welcome-skip').trigger('click')
    expect(currentUni().redirectTo).toHaveBeenCalledWith({ url: '/pages/profile/index' })
    expect(currentUni().api.seen.filter((r) => r.path === '/api/me' && r.data)).toHaveLength(0)
  })

  it('saves a nickname: spinner, toast, and the draft shows what the server stored (trimmed)', async () => {
    const { page } = await openPage(EditPage)
    expect(currentUni().setNavigationBarTitle).toHaveBeenCalledWith({ title: '编辑资料' })
    expect(page.find('#welcome-skip').exists()).toBe(false)
    await typeNickname(page, '  阿强 ')
    await page.get('#nickname-save').trigger('click')
    expect(page.get('#nickname-save').attributes('loading')).toBe('true')
    expect(page.get('#nickname-save').attributes('disabled')).toBeDefined()
    await settle()
    const saved = currentUni().api.seen.find((r) => r.path === '/api/me' && r.data)
    expect(saved?.data).toEqual({ nickname: '阿强' })
    expect((page.get('#nickname-input').element as HTMLInputElement).value).toBe('阿强')
    expect(currentUni().showToast).toHaveBeenCalledWith({ title: '昵称已保存', icon: 'success' })
    expect(currentUni().navigateBack).toHaveBeenCalled()
  })

  it.each([
    ['   ', '请输入昵称'],
    ['微信用户', '请设置你自己的昵称，不能使用“微信用户”'],
    ['a\u202eb', '昵称不能包含特殊字符或不可见字符'],
  ])('refuses %j next to the field, without asking the server', async (value, message) => {
    const { page } = await openPage(EditPage)
    await typeNickname(page, value)
    await save(page)
    expect(page.get('#nickname-error').text()).toBe(message)
    expect(currentUni().api.seen.filter((r) => r.path === '/api/me' && r.data)).toHaveLength(0)
    // Typing again clears the message.
    await typeNickname(page, '新名字')
    expect(page.find('#nickname-error').exists()).toBe(false)
  })

  it('explains a nickname the server refuses, next to the field', async () => {
    const { page } = await openPage(EditPage)
    currentUni().api.failNext('/api/me', 400, 'VALIDATION_FAILED')
    await typeNickname(page, '新名字')
    await save(page)
    expect(page.get('#nickname-error').text()).toBe('昵称需为 1–32 个字符，且不能包含特殊字符')
    expect(currentUni().navigateBack).not.toHaveBeenCalled()
  })

  it('a nickname WeChat judges risky (CONTENT_RISKY) is explained next to it; the draft stays', async () => {
    const { page } = await openPage(EditPage)
    currentUni().api.failNext('/api/me', 422, 'CONTENT_RISKY', undefined, {
      field: 'nickname',
      label: 20001,
    })
    await typeNickname(page, '不合适的名字')
    await save(page)
    expect(page.get('#nickname-error').text()).toBe('该昵称包含不合适的内容，请修改后再试')
    expect((page.get('#nickname-input').element as HTMLInputElement).value).toBe('不合适的名字')
    expect(currentUni().navigateBack).not.toHaveBeenCalled()
  })

  it("WeChat's own nickname check failing clears nothing silently: it says so", async () => {
    const { page } = await openPage(EditPage)
    await page.get('#nickname-input').trigger('nicknamereview', {
      detail: { pass: false, timeout: false },
    })
    expect(page.get('#nickname-error').text()).toBe('该昵称未通过微信安全检测，请换一个')
  })

  it('an unchanged nickname is not sent again', async () => {
    const { page } = await openPage(EditPage)
    await typeNickname(page, '小明 ')
    await save(page)
    expect(currentUni().api.seen.filter((r) => r.path === '/api/me' && r.data)).toHaveLength(0)
    expect(currentUni().navigateBack).toHaveBeenCalled()
  })

  it('needs login', async () => {
    await openPage(EditPage, { signedIn: false })
    expect(currentUni().redirectTo).toHaveBeenCalledWith({
      url: `/pages/login/index?redirect=${encodeURIComponent('/pages/profile/edit')}`,
    })
  })
})
