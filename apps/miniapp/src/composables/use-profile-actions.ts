import { reactive, ref, watch } from 'vue'
import { useCountdown } from '@/composables/use-countdown'
import { useAuthStore } from '@/stores/auth'
import { useProfileStore } from '@/stores/profile'
import { errorMessage, retryAfterSeconds } from '@/utils/error-message'
import { formatWait } from '@/utils/format-wait'
import { privacyRefusal, type OpenAbilityDetail } from '@/utils/privacy-errors'
import { requireLogin } from '@/utils/route-guard'

export type ProfileField = 'avatar' | 'nickname' | 'phone'

/** What `<button open-type="getPhoneNumber">` hands over (docs/wechat.md, "Phone numbers"). */
export interface PhoneNumberDetail extends OpenAbilityDetail {
  code?: string
}

/** WeChat's paid phone-number quota for this mini-program is used up. */
const PHONE_QUOTA_EXHAUSTED = 1400001

/**
 * The profile pages' actions, one at a time: a spinner on the busy control (`busy`), a toast on
 * success, the reason next to the field on failure, and a countdown when rate limited.
 * `here` is the page to come back to when the session turns out to be over.
 */
export function useProfileActions(here: string) {
  const auth = useAuthStore()
  const profile = useProfileStore()
  const busy = ref<ProfileField | null>(null)
  const errors = reactive<Record<ProfileField, string>>({ avatar: '', nickname: '', phone: '' })
  const limited = ref<ProfileField | null>(null)
  const wait = useCountdown()

  // Once the wait is over the control works again, and the message has nothing left to say.
  watch(wait.running, (running) => {
    if (running || !limited.value) return
    errors[limited.value] = ''
    limited.value = null
  })

  /** The message under a field; a rate limit counts down in place. */
  const errorFor = (field: ProfileField): string =>
    limited.value === field && wait.running.value
      ? `操作太频繁，请 ${formatWait(wait.left.value)}后再试`
      : errors[field]

  async function run(field: ProfileField, task: () => Promise<unknown>, done: string) {
    if (busy.value || (limited.value === field && wait.running.value)) return false
    busy.value = field
    errors[field] = ''
    try {
      await task()
      void uni.showToast({ title: done, icon: 'success' })
      return true
    } catch (err) {
      // The store already tried what could save the session: signed out means the login page.
      if (!auth.isLoggedIn) return requireLogin(false, here)
      const seconds = retryAfterSeconds(err)
      if (seconds) {
        limited.value = field
        wait.start(seconds)
      }
      errors[field] = errorMessage(err, field)
      return false
    } finally {
      busy.value = null
    }
  }

  const uploadAvatar = (path: string) =>
    run('avatar', () => profile.uploadAvatar(path), '头像已更新')
  const saveNickname = (nickname: string) =>
    run('nickname', () => profile.updateNickname(nickname), '昵称已保存')
  const bindPhone = (code: string) => run('phone', () => profile.bindPhone(code), '手机号已绑定')

  /** The getPhoneNumber button's result: a code to bind, or why there is none. */
  function onPhoneNumber(detail: PhoneNumberDetail): Promise<boolean> {
    if (detail.code) return bindPhone(detail.code)
    errors.phone =
      privacyRefusal(detail, '手机号') ??
      (detail.errno === PHONE_QUOTA_EXHAUSTED
        ? '手机号验证次数已达上限，请稍后再试'
        : /deny|cancel/i.test(detail.errMsg ?? '')
          ? '你取消了手机号授权，未做任何更改'
          : '获取手机号失败，请稍后再试')
    return Promise.resolve(false)
  }

  return { busy, errors, errorFor, uploadAvatar, saveNickname, bindPhone, onPhoneNumber }
}
