import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { USER_KEY } from '@/services/account-cache'
import { useAuthStore } from '@/stores/auth'
import { useProfileStore } from '@/stores/profile'
import { currentUni } from './mocks/uni'

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('useProfileStore', () => {
  it('saves the nickname, uploads the avatar file and binds the phone; the cache follows', async () => {
    const auth = useAuthStore()
    const profile = useProfileStore()
    await auth.login()
    await profile.updateNickname('新名字')
    expect(auth.user?.nickname).toBe('新名字')
    expect(currentUni().storage.get(USER_KEY)).toMatchObject({ nickname: '新名字' })

    const url = await profile.uploadAvatar('wxfile://tmp/avatar.png')
    expect(url).toBe('http://api.test/avatars/u1.png')
    expect(auth.user?.avatarUrl).toBe(url)
    const upload = currentUni().uploadFile.mock.calls[0]?.[0]
    expect(upload).toMatchObject({ filePath: 'wxfile://tmp/avatar.png', name: 'file' })
    expect(upload?.url).toMatch(/\/api\/me\/avatar$/)

    await profile.bindPhone('phone-code')
    expect(auth.user?.phone).toBe('138****0000')
    const phone = currentUni().api.seen.find((r) => r.path === '/api/me/phone')
    expect(phone?.data).toEqual({ code: 'phone-code' })
  })

  it('an uploaded avatar stays saved when reloading the user fails', async () => {
    const auth = useAuthStore()
    await auth.login()
    currentUni().api.failNext('/api/me', 503, 'DB_UNAVAILABLE')
    await useProfileStore().uploadAvatar('wxfile://tmp/a.png')
    expect(auth.user?.avatarUrl).toBe('http://api.test/avatars/u1.png')
  })
})
