import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/**
 * Issue 12, item 1: a birthday that failed the date format still reached the "real date"
 * refinement (zod 4 runs it unless the format check aborts), whose toISOString() threw a
 * RangeError: 500 INTERNAL instead of 400.
 */
describe.each(storeTargets())(
  'PATCH /api/me with a birthday that is not a date on $name',
  (target) => {
    let s: Stack
    let token: string
    beforeAll(async () => {
      s = await startStack(target)
      token = (await s.login()).accessToken
    })
    afterAll(() => s.close())

    it.each([
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '😀',
      '__proto__',
      '2023-13-01',
      '9999-99-99',
      '2000-01-01T00:00:00Z',
      '1a',
    ])('%j → 400 VALIDATION_FAILED naming the birthday, not 500', async (birthday) => {
      const res = await s.request('PATCH', '/api/me', { token, body: { birthday } })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'birthday: Invalid ISO date',
        requestId: expect.any(String),
        details: { fieldErrors: { birthday: ['Invalid ISO date'] } },
      })
    })

    it('leaves the stored birthday alone, and a real date still saves', async () => {
      expect(
        (await s.request('PATCH', '/api/me', { token, body: { birthday: '1990-07-15' } })).status,
      ).toBe(200)
      await s.request('PATCH', '/api/me', { token, body: { birthday: '2023-13-01' } })
      expect((await s.request('GET', '/api/me', { token })).body.birthday).toBe('1990-07-15')
    })
  },
)
