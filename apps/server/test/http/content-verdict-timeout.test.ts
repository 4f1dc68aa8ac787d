import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  itemsOf,
  me,
  mediaCheckEvent,
  metricValue,
  queue,
  signedPush,
  signInAdmin,
  startContentStack,
  uploadAvatar,
} from '../support/content.js'
import { uniquePng } from '../support/images.js'
import type { Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const MINUTE = 60_000

/*
 * A check WeChat never answers is not pending forever (docs/content-security.md): after
 * CONTENT_VERDICT_TIMEOUT_MIN (60) the sweep queues it for an admin. The server's clock is moved
 * instead of waiting an hour; the sweep runs every 100 ms here.
 */
describe.each(storeTargets())('avatar checks without a verdict on $name', (target) => {
  let s: Stack
  let admin: string
  beforeAll(async () => {
    s = await startContentStack(target)
    s.sim.setPushTarget(null) // WeChat never answers
    admin = await signInAdmin(s)
  })
  afterAll(() => s.close())

  const metrics = async () => (await s.request('GET', '/metrics')).body as string
  const noVerdicts = async () =>
    metricValue(await metrics(), 'wxlogin_content_checks_total', {
      kind: 'avatar',
      suggest: 'no_verdict',
    })

  it('stays pending within the bound, then goes to the moderation queue; an admin decides', async () => {
    const login = await s.login()
    const up = await uploadAvatar(s, login.accessToken, uniquePng())
    await s.sim.idle()
    expect(metricValue(await metrics(), 'wxlogin_content_verdicts_pending')).toBe(1)

    s.clock.advance(59 * MINUTE)
    await new Promise((r) => setTimeout(r, 400)) // several sweeps
    expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([])
    expect((await me(s, login.accessToken)).avatarReview).toBe('pending')

    s.clock.advance(2 * MINUTE)
    await eventually(async () => itemsOf(await queue(s, admin), login.user.id).length > 0)
    const [item] = itemsOf(await queue(s, admin), login.user.id)
    expect(item).toMatchObject({
      kind: 'avatar',
      content: up.body.avatarUrl,
      suggest: 'review',
      label: null,
      reason: 'no_verdict',
      status: 'open',
    })
    // Shown as pending until an admin decides; counted once, not pending any more.
    expect((await me(s, login.accessToken)).avatarReview).toBe('pending')
    expect(await noVerdicts()).toBe(1)
    expect(metricValue(await metrics(), 'wxlogin_content_verdicts_pending')).toBe(0)
    expect(metricValue(await metrics(), 'wxlogin_moderation_open')).toBeGreaterThanOrEqual(1)

    const decided = await s.request('POST', `/api/admin/moderation/${item!.id}`, {
      token: admin,
      body: { decision: 'reject' },
    })
    expect(decided.body).toMatchObject({ status: 'rejected' })
    expect(await me(s, login.accessToken)).toMatchObject({
      avatarUrl: null,
      avatarReview: 'rejected',
    })
    expect((await fetch(up.body.avatarUrl)).status).toBe(404)
  })

  it('a verdict arriving after the bound still applies', async () => {
    admin = await signInAdmin(s) // the clock has moved past the first token's life
    const login = await s.login()
    await uploadAvatar(s, login.accessToken, uniquePng())
    await s.sim.idle()
    const traceId = s.sim.pushes().at(-1)!.traceId
    s.clock.advance(61 * MINUTE)
    await eventually(async () => itemsOf(await queue(s, admin), login.user.id).length > 0)
    const signed = signedPush(mediaCheckEvent(traceId, 'pass', 100), 'plaintext')
    const late = await s.request('POST', signed.path, { raw: signed.raw })
    expect(late.status).toBe(200)
    expect((await me(s, login.accessToken)).avatarReview).toBe('approved')
  })
})
