import { ContentRiskyDetails } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  itemsOf,
  me,
  metricValue,
  queue,
  signInAdmin,
  startContentStack,
  uploadAvatar,
} from '../support/content.js'
import { uniquePng } from '../support/images.js'
import type { Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/*
 * Content security on text (docs/content-security.md): a nickname or bio is judged by WeChat's
 * msgSecCheck before it is saved, on PATCH /api/me and on the three login endpoints.
 */
describe.each(storeTargets())('profile text checks on $name', (target) => {
  let s: Stack
  let admin: string
  beforeAll(async () => {
    s = await startContentStack(target)
    admin = await signInAdmin(s)
  })
  afterAll(() => s.close())
  beforeEach(() => {
    s.sim.clearFaults()
    s.sim.setContentRules({ riskyWords: ['forbidden'], reviewWords: ['borderline'] })
  })

  const patch = (token: string, body: object) => s.request('PATCH', '/api/me', { token, body })
  const checks = () => s.sim.stats().calls.msg_sec_check

  describe('PATCH /api/me', () => {
    it.each(['nickname', 'bio'] as const)('saves a %s WeChat passes', async (field) => {
      const login = await s.login()
      const before = checks()
      const res = await patch(login.accessToken, { [field]: 'Hello there' })
      expect(res.status).toBe(200)
      expect(res.body[field]).toBe('Hello there')
      expect(checks()).toBe(before + 1)
      expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([])
    })

    it.each(['nickname', 'bio'] as const)(
      'refuses a risky %s with 422 CONTENT_RISKY naming the field; nothing of the update is saved',
      async (field) => {
        const login = await s.login()
        const res = await patch(login.accessToken, {
          [field]: 'something forbidden',
          city: 'Hangzhou',
        })
        expect(res.status).toBe(422)
        expect(res.body.error.code).toBe('CONTENT_RISKY')
        expect(ContentRiskyDetails.parse(res.body.error.details)).toEqual({ field, label: 20001 })
        const after = await me(s, login.accessToken)
        expect(after[field]).toBeNull()
        expect(after.city).toBeNull()
      },
    )

    it('names the nickname when both fields are risky', async () => {
      const login = await s.login()
      const res = await patch(login.accessToken, { nickname: 'forbidden', bio: 'forbidden too' })
      expect(res.body.error.details).toEqual({ field: 'nickname', label: 20001 })
    })

    it.each(['nickname', 'bio'] as const)(
      'saves a %s WeChat wants reviewed, and queues it for an admin',
      async (field) => {
        const login = await s.login()
        const res = await patch(login.accessToken, { [field]: 'a borderline text' })
        expect(res.status).toBe(200)
        expect(res.body[field]).toBe('a borderline text')
        expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([
          expect.objectContaining({
            kind: field,
            content: 'a borderline text',
            suggest: 'review',
            label: 21000,
            status: 'open',
            reason: 'review',
          }),
        ])
      },
    )

    it('does not check text that does not change (a form saved again)', async () => {
      const login = await s.login()
      await patch(login.accessToken, { nickname: 'Same', bio: 'Same bio' })
      const before = checks()
      const res = await patch(login.accessToken, { nickname: 'Same', bio: 'Same bio', gender: 2 })
      expect(res.status).toBe(200)
      expect(checks()).toBe(before)
    })

    it('WeChat busy (-1 three times): 503 WX_UNAVAILABLE after retries, nothing saved', async () => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: -1, times: 3 })
      const before = checks()
      const res = await patch(login.accessToken, { nickname: 'Busy Day', city: 'Wuhan' })
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('WX_UNAVAILABLE')
      expect(checks()).toBe(before + 3)
      expect(await me(s, login.accessToken)).toMatchObject({ nickname: null, city: null })
    })

    it.each([
      ['a 502 from a gateway', { httpStatus: 502 }],
      ['no answer in time', { delayMs: 1500 }],
    ])('WeChat unreachable (%s): 503, nothing saved', async (_name, fault) => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'msg_sec_check', ...fault })
      const res = await patch(login.accessToken, { bio: 'Unreachable' })
      expect(res.status).toBe(503)
      expect((await me(s, login.accessToken)).bio).toBeNull()
    })

    it('busy once, then an answer: the retry saves it', async () => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: -1 })
      const res = await patch(login.accessToken, { nickname: 'Second Try' })
      expect(res.status).toBe(200)
      expect(res.body.nickname).toBe('Second Try')
    })

    it('40001 (a replaced access_token): obtained again and the check is retried once', async () => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: 40001 })
      const res = await patch(login.accessToken, { nickname: 'Token Refreshed' })
      expect(res.status).toBe(200)
    })

    it('61010 (user not active lately): saved, and queued for an admin as unchecked', async () => {
      const login = await s.login()
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: 61010 })
      const res = await patch(login.accessToken, { nickname: 'Away' })
      expect(res.status).toBe(200)
      expect(res.body.nickname).toBe('Away')
      expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([
        expect.objectContaining({
          kind: 'nickname',
          content: 'Away',
          reason: 'unchecked',
          label: null,
        }),
      ])
    })

    it.each([44002, 47001])(
      '%i (a request WeChat refused): 502, nothing saved',
      async (errcode) => {
        const login = await s.login()
        s.sim.injectFault({ endpoint: 'msg_sec_check', errcode })
        const res = await patch(login.accessToken, { nickname: 'Refused' })
        expect(res.status).toBe(502)
        expect(res.body.error.code).toBe('WX_UPSTREAM_ERROR')
        expect((await me(s, login.accessToken)).nickname).toBeNull()
      },
    )
  })

  it('counts text checks by kind and suggest in /metrics', async () => {
    const text = (await s.request('GET', '/metrics')).body as string
    for (const [kind, suggest] of [
      ['nickname', 'pass'],
      ['nickname', 'risky'],
      ['bio', 'review'],
      ['nickname', 'unchecked'],
      ['nickname', 'error'],
    ])
      expect(
        metricValue(text, 'wxlogin_content_checks_total', { kind: kind!, suggest: suggest! }),
      ).toBeGreaterThan(0)
  })

  describe('a profile nickname arriving at login', () => {
    const legacy = async (path: string, userInfo: object) => {
      const { code } = s.sim.mintLoginCode({})
      const body = new URLSearchParams({ code, user_info: JSON.stringify(userInfo) }).toString()
      return s.request('POST', path, {
        raw: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    }

    it('wx-login: passes → saved; review → saved and queued; risky → dropped, the login succeeds', async () => {
      const pass = await s.login({ profile: { nickName: 'Plain Name', city: 'Xi’an' } })
      expect(pass.user.nickname).toBe('Plain Name')
      const review = await s.login({ profile: { nickName: 'borderline name' } })
      expect(review.user.nickname).toBe('borderline name')
      expect(itemsOf(await queue(s, admin), review.user.id)).toEqual([
        expect.objectContaining({ kind: 'nickname', content: 'borderline name', reason: 'review' }),
      ])
      const risky = await s.login({ profile: { nickName: 'forbidden name', city: 'Chengdu' } })
      expect(risky.user).toMatchObject({ nickname: null, city: 'Chengdu' })
      expect(itemsOf(await queue(s, admin), risky.user.id)).toEqual([])
    })

    it('a reviewed nickname sent at every login is queued once', async () => {
      const first = await s.login({ profile: { nickName: 'borderline again' } })
      const openid = (await s.server.store.users.findById(first.user.id))?.openid
      await s.login({ openid, profile: { nickName: 'borderline again' } })
      expect(itemsOf(await queue(s, admin), first.user.id)).toHaveLength(1)
    })

    it.each(['/api/wx_login/', '/api/wx_login'])(
      '%s (form, user_info): risky dropped, review queued, login succeeds',
      async (path) => {
        const risky = await legacy(path, { nickName: 'forbidden', gender: 1 })
        expect(risky.status).toBe(200)
        expect(risky.body.user).toMatchObject({ nick_name: null, gender: 1 })
        const review = await legacy(path, { nickName: 'borderline legacy' })
        expect(review.body.user.nick_name).toBe('borderline legacy')
        expect(itemsOf(await queue(s, admin), review.body.user.id)).toHaveLength(1)
      },
    )

    it('WeChat busy or unreachable: the nickname is dropped, the login succeeds', async () => {
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: -1, times: 3 })
      const busy = await s.login({ profile: { nickName: 'Busy Login', city: 'Nanjing' } })
      expect(busy.user).toMatchObject({ nickname: null, city: 'Nanjing' })
      s.sim.injectFault({ endpoint: 'msg_sec_check', httpStatus: 503 })
      const down = await s.login({ profile: { nickName: 'Down Login' } })
      expect(down.user.nickname).toBeNull()
    })

    it('61010 at login: saved and queued as unchecked', async () => {
      s.sim.injectFault({ endpoint: 'msg_sec_check', errcode: 61010 })
      const login = await s.login({ profile: { nickName: 'Quiet One' } })
      expect(login.user.nickname).toBe('Quiet One')
      expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([
        expect.objectContaining({ reason: 'unchecked' }),
      ])
    })
  })
})

describe.each(storeTargets())('CONTENT_CHECK=off on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startContentStack(target, 'plaintext', { CONTENT_CHECK: 'off' })
    s.sim.setContentRules({ riskyWords: ['forbidden'] })
  })
  afterAll(() => s.close())

  it('saves text without asking WeChat', async () => {
    const login = await s.login({ profile: { nickName: 'forbidden at login' } })
    expect(login.user.nickname).toBe('forbidden at login')
    const res = await s.request('PATCH', '/api/me', {
      token: login.accessToken,
      body: { bio: 'forbidden bio' },
    })
    expect(res.status).toBe(200)
    expect(s.sim.stats().calls.msg_sec_check).toBe(0)
  })

  it('sets an uploaded avatar without a check (avatarReview null)', async () => {
    const login = await s.login()
    const up = await uploadAvatar(s, login.accessToken, uniquePng())
    expect(up.status).toBe(200)
    expect(await me(s, login.accessToken)).toMatchObject({
      avatarUrl: up.body.avatarUrl,
      avatarReview: null,
    })
    expect(s.sim.stats().calls.media_check_async).toBe(0)
  })
})
