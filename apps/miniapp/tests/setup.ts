import { afterEach, beforeEach, vi } from 'vitest'
import { resetHooks } from './mocks/uni-app'
import { createUniMock, createWxMock } from './mocks/uni'

beforeEach(() => {
  vi.stubGlobal('uni', createUniMock())
  vi.stubGlobal('wx', createWxMock())
  // Two pages on the stack unless a test says otherwise: a page opened over another can go back.
  vi.stubGlobal('getCurrentPages', () => [{}, {}])
  resetHooks()
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})
