// Console pages whose endpoints other branches add (docs/api.md): a user's sessions with
// revoke, and the moderation queue. Each test runs once the running server documents the
// endpoint in its /openapi.json, and says why it is skipped otherwise. Operation names the
// console calls: src/services/contract-v2.ts.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { httpJson, screenshot, signInByScan, startConsoleStack } from './harness.mjs'

let stack
let admin
let paths = {}

before(async () => {
  stack = await startConsoleStack()
  admin = await stack.user('merge-admin')
  await stack.cli('grant', admin.id)
  paths = (await httpJson('GET', `${stack.apiUrl}/openapi.json`)).body.paths ?? {}
})

after(async () => {
  await stack?.stop()
})

const has = (path) => Object.hasOwn(paths, path)

test('revoking a session on the user page ends that device’s session only', async (t) => {
  if (!has('/api/admin/users/{id}/sessions/{sid}'))
    return t.skip(
      'this server has no DELETE /api/admin/users/{id}/sessions/{sid} yet (lifecycle branch)',
    )
  const first = await stack.user('two-devices')
  const second = await stack.user('two-devices')
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'merge-admin').then((p) => p.context.close())
    await page.goto(`${stack.apiUrl}/admin/#/users/${first.id}`)
    const rows = page.locator('#sessions-table .el-table__body tr')
    await rows.nth(1).waitFor()
    assert.equal(await rows.count(), 2)
    await screenshot(page, '20-console-user-sessions')
    await rows.first().locator('.session-revoke').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message', { hasText: '会话已吊销' }).waitFor()
    await rows.nth(1).waitFor({ state: 'detached' })
    const statuses = await Promise.all(
      [first, second].map(
        async (s) => (await stack.api('GET', '/api/me', undefined, s.token)).status,
      ),
    )
    assert.deepEqual(statuses.sort(), [200, 401])
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})

test('deciding a moderation item: rejecting a nickname clears it', async (t) => {
  if (!has('/api/admin/moderation/{id}'))
    return t.skip('this server has no POST /api/admin/moderation/{id} yet (content branch)')
  const author = await stack.user('needs-review')
  const rules = await httpJson('POST', `${stack.simUrl}/__sim/content-rules`, {
    reviewWords: ['待复核'],
  })
  assert.equal(rules.status, 204)
  const saved = await stack.api('PATCH', '/api/me', { nickname: '待复核的昵称' }, author.token)
  assert.equal(saved.status, 200)
  const desk = await stack.openConsole()
  try {
    const { page } = desk
    await signInByScan(stack, page, 'merge-admin').then((p) => p.context.close())
    await page.locator('#nav-moderation').click()
    const row = page.locator('#moderation-table .el-table__body tr', { hasText: '待复核的昵称' })
    await row.waitFor()
    await screenshot(page, '21-console-moderation-open')
    await row.locator('.moderation-reject').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message', { hasText: '已拒绝' }).waitFor()
    await row.waitFor({ state: 'detached' })
    const me = await stack.api('GET', '/api/me', undefined, author.token)
    assert.equal(me.body.nickname, null)
    assert.deepEqual(await desk.violations(), [])
  } finally {
    await desk.context.close()
  }
})
