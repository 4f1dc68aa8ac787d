import { AuditList, ModerationItem, ModerationList } from '@wxlogin/shared/dto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { itemsOf, me, queue, signInAdmin, startContentStack } from '../support/content.js'
import type { Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

/*
 * The admin moderation queue (docs/content-security.md): GET /api/admin/moderation and
 * POST /api/admin/moderation/:id.
 */
describe.each(storeTargets())('moderation queue on $name', (target) => {
  let s: Stack
  let admin: string
  let adminId: string
  beforeAll(async () => {
    s = await startContentStack(target)
    admin = await signInAdmin(s)
    adminId = (await me(s, admin)).id as string
  })
  afterAll(() => s.close())
  beforeEach(() => s.sim.setContentRules({ reviewWords: ['borderline'] }))

  /** A user whose `field` holds a reviewed text, and its queue item. */
  async function queued(field: 'nickname' | 'bio', text = `borderline ${field}`) {
    const login = await s.login()
    const res = await s.request('PATCH', '/api/me', {
      token: login.accessToken,
      body: { [field]: text },
    })
    expect(res.status).toBe(200)
    const [item] = itemsOf(await queue(s, admin), login.user.id)
    return { login, item: item! }
  }
  const decide = (id: string, decision: string, token = admin) =>
    s.request('POST', `/api/admin/moderation/${id}`, { token, body: { decision } })

  describe('guard', () => {
    it.each([
      ['GET', '/api/admin/moderation'],
      ['POST', '/api/admin/moderation/x'],
    ])('%s %s: 401 without a token, 403 for a plain user', async (method, path) => {
      const body = method === 'POST' ? { decision: 'approve' } : undefined
      expect((await s.request(method, path, { body })).status).toBe(401)
      const user = await s.login()
      const res = await s.request(method, path, { body, token: user.accessToken })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('FORBIDDEN')
    })
  })

  it('lists open items oldest first, pages, and refuses a bad status', async () => {
    const first = await queued('nickname', 'borderline one')
    const second = await queued('bio', 'borderline two')
    const res = await s.request('GET', '/api/admin/moderation?status=open&page=1&pageSize=100', {
      token: admin,
    })
    const list = ModerationList.parse(res.body)
    const ids = list.items.map((i) => i.id)
    expect(ids.indexOf(first.item.id)).toBeLessThan(ids.indexOf(second.item.id))
    expect(list.total).toBeGreaterThanOrEqual(2)
    const paged = await s.request('GET', '/api/admin/moderation?pageSize=1&page=2', {
      token: admin,
    })
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: list.total })
    expect(paged.body.items).toHaveLength(1)
    const bad = await s.request('GET', '/api/admin/moderation?status=maybe', { token: admin })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
  })

  it.each(['nickname', 'bio'] as const)(
    'rejecting a %s clears it, closes the item and writes the audit log',
    async (field) => {
      const { login, item } = await queued(field)
      const res = await decide(item.id, 'reject')
      expect(res.status).toBe(200)
      expect(ModerationItem.parse(res.body)).toMatchObject({
        id: item.id,
        status: 'rejected',
        decidedBy: adminId,
        decidedAt: expect.any(String),
      })
      expect((await me(s, login.accessToken))[field]).toBeNull()
      expect(itemsOf(await queue(s, admin), login.user.id)).toEqual([])
      expect(itemsOf(await queue(s, admin, 'closed'), login.user.id)).toEqual([res.body])
      const audit = AuditList.parse(
        (
          await s.request(
            'GET',
            `/api/admin/audit?action=moderation_decided&userId=${login.user.id}`,
            { token: admin },
          )
        ).body,
      )
      expect(audit.items).toEqual([
        expect.objectContaining({
          actorId: adminId,
          targetId: login.user.id,
          details: { itemId: item.id, kind: field, decision: 'rejected', changedUsers: 1 },
        }),
      ])
    },
  )

  it('approving keeps the text', async () => {
    const { login, item } = await queued('bio')
    expect((await decide(item.id, 'approve')).body.status).toBe('approved')
    expect((await me(s, login.accessToken)).bio).toBe('borderline bio')
  })

  it("rejecting never undoes the user's own later change", async () => {
    const { login, item } = await queued('nickname')
    await s.request('PATCH', '/api/me', { token: login.accessToken, body: { nickname: 'Changed' } })
    expect((await decide(item.id, 'reject')).body.status).toBe('rejected')
    expect((await me(s, login.accessToken)).nickname).toBe('Changed')
  })

  it('the same decision again returns the item; the other one is 409; unknown ids 404', async () => {
    const { item } = await queued('nickname')
    const first = await decide(item.id, 'approve')
    const again = await decide(item.id, 'approve')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    const other = await decide(item.id, 'reject')
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('CONFLICT')
    expect((await decide('ffffffffffffffffffffffff', 'approve')).status).toBe(404)
    expect((await decide('../../etc', 'approve')).status).toBe(404)
    const bad = await decide(item.id, 'maybe')
    expect(bad.status).toBe(400)
  })

  it('two admins deciding at once: one decision wins, the other gets 409', async () => {
    const { login, item } = await queued('nickname')
    const other = await signInAdmin(s)
    const [a, b] = await Promise.all([decide(item.id, 'approve'), decide(item.id, 'reject', other)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const winner = a.status === 200 ? a.body : b.body
    expect((await me(s, login.accessToken)).nickname).toBe(
      winner.status === 'approved' ? 'borderline nickname' : null,
    )
  })
})
