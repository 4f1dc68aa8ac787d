import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniquePng, uploadAvatar } from '../support/images.js'
import { startStack, type Stack } from '../support/stack.js'
import { storeTargets } from '../support/stores.js'

const upload = (s: Stack, token: string, bytes: Buffer) => uploadAvatar(s.url, token, bytes)

const served = async (url: string) => (await fetch(url)).status
const fileOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)

/**
 * Issue 12, "Disk": every upload used to stay on disk forever, so one user could fill it by
 * uploading avatars in a loop. Now a replaced file is deleted unless another user uses the same
 * image (URLs are content-addressed, so users share files), and uploads are rate limited per user.
 */
describe.each(storeTargets())('avatar files on disk on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target)
  })
  afterAll(() => s.close())

  /** Every name in the avatar directory: no temporary or set-aside file may stay behind either. */
  const onDisk = () => readdir(path.join(s.server.config.dataDir, 'avatars'))

  it('replacing an avatar deletes the file it replaced', async () => {
    const { accessToken } = await s.login()
    const first = await upload(s, accessToken, uniquePng())
    const second = await upload(s, accessToken, uniquePng())
    expect([first.status, second.status]).toEqual([200, 200])
    expect(await served(first.body.avatarUrl)).toBe(404)
    expect(await served(second.body.avatarUrl)).toBe(200)
    expect(await onDisk()).not.toContain(fileOf(first.body.avatarUrl))
  })

  it('one user uploading ten avatars, one after another or all at once, keeps one file', async () => {
    const { accessToken } = await s.login()
    const before = new Set(await onDisk())
    for (let i = 0; i < 5; i++) expect((await upload(s, accessToken, uniquePng())).status).toBe(200)
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () => upload(s, accessToken, uniquePng())),
    )
    expect(parallel.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const me = await s.request('GET', '/api/me', { token: accessToken })
    const added = (await onDisk()).filter((n) => !before.has(n))
    expect(added).toEqual([fileOf(me.body.avatarUrl)])
    expect(await served(me.body.avatarUrl)).toBe(200)
  })

  it('an image another user also uses stays until its last user moves on', async () => {
    const a = await s.login()
    const b = await s.login()
    const shared = uniquePng()
    const url = (await upload(s, a.accessToken, shared)).body.avatarUrl as string
    expect((await upload(s, b.accessToken, shared)).body.avatarUrl).toBe(url)
    await upload(s, a.accessToken, uniquePng())
    expect(await served(url)).toBe(200) // B still shows it
    const cleared = await s.request('PATCH', '/api/me', {
      token: b.accessToken,
      body: { avatarUrl: null },
    })
    expect(cleared.status).toBe(200)
    expect(await served(url)).toBe(404)
  })

  it('PATCH /api/me to another avatar URL deletes the uploaded file; to the same URL keeps it', async () => {
    const { accessToken } = await s.login()
    const url = (await upload(s, accessToken, uniquePng())).body.avatarUrl as string
    const same = await s.request('PATCH', '/api/me', {
      token: accessToken,
      body: { avatarUrl: url },
    })
    expect(same.status).toBe(200)
    expect(await served(url)).toBe(200)
    const other = await s.request('PATCH', '/api/me', {
      token: accessToken,
      body: { avatarUrl: 'https://img.example.com/a.png' },
    })
    expect(other.body.avatarUrl).toBe('https://img.example.com/a.png')
    expect(await served(url)).toBe(404)
  })

  it('users uploading an image at the moment another user replaces it: the file stays', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await s.login()
      const others = await Promise.all([s.login(), s.login(), s.login()])
      const shared = uniquePng()
      const url = (await upload(s, a.accessToken, shared)).body.avatarUrl as string
      const results = await Promise.all([
        upload(s, a.accessToken, uniquePng()),
        ...others.map((o) => upload(s, o.accessToken, shared)),
      ])
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
      expect(await served(url)).toBe(200)
    }
  })
})

describe.each(storeTargets())('RATE_LIMIT_AVATAR_PER_HOUR on $name', (target) => {
  let s: Stack
  beforeAll(async () => {
    s = await startStack(target, { RATE_LIMIT_AVATAR_PER_HOUR: '3' })
  })
  afterAll(() => s.close())

  it('the 4th upload in an hour → 429 RATE_LIMITED with Retry-After; other users are not limited', async () => {
    const a = await s.login()
    for (let i = 0; i < 3; i++)
      expect((await upload(s, a.accessToken, uniquePng())).status).toBe(200)
    const limited = await upload(s, a.accessToken, uniquePng())
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    const me = await s.request('GET', '/api/me', { token: a.accessToken })
    expect(me.body.avatarUrl).not.toBeNull()

    const b = await s.login()
    expect((await upload(s, b.accessToken, uniquePng())).status).toBe(200)
  })

  it('no token is still 401 AUTH_REQUIRED, not a rate-limit answer', async () => {
    const res = await fetch(`${s.url}/api/me/avatar`, { method: 'POST', body: new FormData() })
    expect(res.status).toBe(401)
  })
})
