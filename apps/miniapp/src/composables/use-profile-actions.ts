import { ref } from 'vue'
import { useAuthStore } from '@/stores/auth'
import { errorMessage, type UserAction } from '@/utils/error-message'
import { HOME_PAGE, requireLogin } from '@/utils/route-guard'

export interface Notice {
  kind: 'ok' | 'error' | 'info'
  text: string
}

/** What `<button open-type="getPhoneNumber">` hands over (docs/wechat.md, "Phone numbers"). */
export interface PhoneNumberDetail {
  code?: string
  errMsg?: string
  errno?: number
}

/** WeChat's paid phone-number quota for this mini-program is used up. */
const PHONE_QUOTA_EXHAUSTED = 1400001

/** The profile page's actions: one at a time, each ending in a notice the page shows. */
export function useProfileActions() {
  const auth = useAuthStore()
  const busy = ref<UserAction | 'logout' | null>(null)
  const notice = ref<Notice | null>(null)

  async function run(
    action: UserAction,
    task: () => Promise<unknown>,
    done: string,
  ): Promise<void> {
    if (busy.value) return
    busy.value = action
    notice.value = null
    try {
      await task()
      notice.value = { kind: 'ok', text: done }
    } catch (err) {
      // The store already tried a silent re-login: signed out now means the login page.
      if (!auth.isLoggedIn) requireLogin(false, HOME_PAGE)
      else notice.value = { kind: 'error', text: errorMessage(err, action) }
    } finally {
      busy.value = null
    }
  }

  const saveNickname = (draft: string) => {
    const nickname = draft.trim()
    if (!nickname) {
      notice.value = { kind: 'error', text: '请输入昵称' }
      return Promise.resolve()
    }
    return run('nickname', () => auth.updateNickname(nickname), '昵称已保存')
  }

  const uploadAvatar = (tempFilePath: string) =>
    run('avatar', () => auth.uploadAvatar(tempFilePath), '头像已更新')

  const bindPhone = (code: string) => run('phone', () => auth.bindPhone(code), '手机号已绑定')

  /** The getPhoneNumber button's result: a code to bind, or why there is none. */
  function onPhoneNumber(detail: PhoneNumberDetail): Promise<void> {
    if (detail.code) return bindPhone(detail.code)
    if (detail.errno === PHONE_QUOTA_EXHAUSTED) {
      notice.value = { kind: 'error', text: '手机号验证次数已达上限，请稍后再试' }
    } else if (/deny|cancel/i.test(detail.errMsg ?? '')) {
      notice.value = { kind: 'info', text: '已取消手机号授权' }
    } else {
      notice.value = { kind: 'error', text: '获取手机号失败，请重试' }
    }
    return Promise.resolve()
  }

  async function logout(): Promise<void> {
    if (busy.value) return
    busy.value = 'logout'
    try {
      await auth.logout()
    } finally {
      busy.value = null
    }
    requireLogin(false, HOME_PAGE)
  }

  return { busy, notice, saveNickname, uploadAvatar, bindPhone, onPhoneNumber, logout }
}
