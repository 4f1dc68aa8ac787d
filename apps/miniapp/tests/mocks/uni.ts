import { vi } from 'vitest'
import { createFakeApi, type FakeApi } from './fake-api'

/** The parts of `uni` the app uses, over an in-memory storage and the fake API. */
export function createUniMock(api: FakeApi = createFakeApi()) {
  const storage = new Map<string, unknown>()
  let loginCount = 0
  return {
    api,
    storage,
    request: api.request,
    uploadFile: api.uploadFile,
    login: vi.fn(
      (opts: {
        success?: (r: { code: string; errMsg: string }) => void
        fail?: (e: { errMsg: string }) => void
      }) => {
        loginCount += 1
        const code = `code-${loginCount}`
        setTimeout(() => opts.success?.({ code, errMsg: 'login:ok' }), 1)
      },
    ),
    getStorageSync: vi.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: vi.fn(
      (key: string, value: unknown) => void storage.set(key, structuredClone(value)),
    ),
    removeStorageSync: vi.fn((key: string) => void storage.delete(key)),
    getAccountInfoSync: vi.fn(() => ({
      miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' },
    })),
    redirectTo: vi.fn(),
    navigateTo: vi.fn(),
    navigateBack: vi.fn(),
    switchTab: vi.fn(),
    reLaunch: vi.fn(),
    addInterceptor: vi.fn(),
    showToast: vi.fn(),
    /** Confirms by default; a test answers differently with mockResolvedValueOnce / mockImplementationOnce. */
    showModal: vi.fn(
      (opts: { success?: (r: UniApp.ShowModalRes) => void }): Promise<UniApp.ShowModalRes> => {
        const res = { confirm: true, cancel: false, errMsg: 'showModal:ok' }
        opts.success?.(res)
        return Promise.resolve(res)
      },
    ),
    setNavigationBarTitle: vi.fn(),
    chooseImage: vi.fn(),
  }
}

export type UniMock = ReturnType<typeof createUniMock>

/** The mock installed for the current test (tests/setup.ts). */
export const currentUni = (): UniMock => (globalThis as unknown as { uni: UniMock }).uni

/** The few `wx.*` calls made outside uni (the privacy APIs, the base library version). */
export function createWxMock() {
  return {
    getPrivacySetting: vi.fn((o: { success?: (r: object) => void }) =>
      o.success?.({
        needAuthorization: true,
        privacyContractName: '《wxlogin小程序隐私保护指引》',
      }),
    ),
    openPrivacyContract: vi.fn(),
    onNeedPrivacyAuthorization: vi.fn(),
    getAppBaseInfo: vi.fn(() => ({ SDKVersion: '3.5.0' })),
    showModal: vi.fn(),
  }
}

export const currentWx = (): ReturnType<typeof createWxMock> =>
  (globalThis as unknown as { wx: ReturnType<typeof createWxMock> }).wx
