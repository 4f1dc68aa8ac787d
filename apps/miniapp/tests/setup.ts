import { afterEach, beforeEach, vi } from 'vitest'
import { resetHooks } from './mocks/uni-app'
import { createUniMock } from './mocks/uni'

beforeEach(() => {
  vi.stubGlobal('uni', createUniMock())
  resetHooks()
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})
