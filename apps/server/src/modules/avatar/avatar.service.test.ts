import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiskFileStore } from '../../files/disk-file-store.js'
import { createLogger } from '../../logger.js'
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js'
import type { Store, UserRecord } from '../../store/store.js'
import { createAvatarService } from './avatar.service.js'

// Two distinct, valid 1×1 PNGs (what file-type needs to call them PNG).
const png = (seed: number) =>
  Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000', 'hex'),
    Buffer.from([seed, seed, seed, seed]),
  ])
const X = png(1)
const Y = png(2)
const ORIGIN = 'http://127.0.0.1:3000'

/** A promise and its resolver, to hold a call until the test lets it go. */
function gate() {
  let open = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

describe('avatar service: replacing a file another upload is about to reference', () => {
  let dir: string
  let store: Store
  let a: UserRecord
  let b: UserRecord

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-avatar-'))
    store = await createSqliteStore({ dataDir: dir, filename: ':memory:' })
    const now = new Date()
    a = (await store.users.upsertOnLogin({ appId: 'wx', openid: 'a', now })).user
    b = (await store.users.upsertOnLogin({ appId: 'wx', openid: 'b', now })).user
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const files = () =>
    createDiskFileStore({
      dir: path.join(dir, 'avatars'),
      routePrefix: '/avatars',
      publicUrl: null,
    })
  // Content checks off: these tests are about files (content security has its own HTTP tests).
  const unchecked = { review: null, committed: () => Promise.resolve() }
  const content = { checkAvatar: () => Promise.resolve(unchecked) }
  const service = (s: Store) =>
    createAvatarService({ store: s, files: files(), logger: createLogger('silent'), content })
  const stored = () => readdir(path.join(dir, 'avatars')).then((names) => names.sort())

  it('B uploads the image A is replacing; B commits after A deleted it: the file is there', async () => {
    const avatars = service(store)
    const x = await avatars.upload(a, X, ORIGIN)

    // B's upload stores X (already there), then its profile write waits...
    const held = gate()
    const reached = gate()
    const slowB: Store = {
      ...store,
      users: {
        ...store.users,
        updateProfile: async (id, patch) => {
          if (id === b.id) {
            reached.open()
            await held.opened
          }
          return store.users.updateProfile(id, patch)
        },
      },
    }
    const bUpload = service(slowB).upload(b, X, ORIGIN)
    await reached.opened

    // ...while A replaces X: nobody references X yet, so A deletes it.
    const y = await avatars.upload(a, Y, ORIGIN)
    expect((await stored()).some((name) => x.avatarUrl.endsWith(name))).toBe(false)

    held.open()
    expect(await bUpload).toEqual(x)
    // B's avatar points at X, and X is on disk again.
    const names = await stored()
    expect(names).toHaveLength(2)
    expect(names.map((name) => `${ORIGIN}/avatars/${name}`).sort()).toEqual(
      [x.avatarUrl, y.avatarUrl].sort(),
    )
    expect((await store.users.findById(b.id))?.avatarUrl).toBe(x.avatarUrl)
  })

  it('a failing delete does not fail the upload (the old file stays)', async () => {
    const avatars = service(store)
    await avatars.upload(a, X, ORIGIN)
    const failing: Store = {
      ...store,
      users: {
        ...store.users,
        avatarInUse: () => Promise.reject(new Error('database down')),
      },
    }
    const y = await service(failing).upload(a, Y, ORIGIN)
    expect((await store.users.findById(a.id))?.avatarUrl).toBe(y.avatarUrl)
    expect(await stored()).toHaveLength(2)
  })

  it('an upload racing with its account deletion leaves no file: before the reference, or after it', async () => {
    for (const when of ['before the profile write', 'after the profile write'] as const) {
      const user = (await store.users.upsertOnLogin({ appId: 'wx', openid: when, now: new Date() }))
        .user
      const deleting: Store = {
        ...store,
        users: {
          ...store.users,
          updateProfile: async (id, patch) => {
            if (when === 'before the profile write') await store.users.deleteAccount(id, new Date())
            const change = await store.users.updateProfile(id, patch)
            if (when === 'after the profile write') await store.users.deleteAccount(id, new Date())
            return change
          },
        },
      }
      await expect(service(deleting).upload(user, png(40), ORIGIN)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
      expect(await stored().catch(() => []), when).toEqual([])
    }
  })

  it('two uploads of one user at once: the replaced one leaves no file, even when written back late', async () => {
    const disk = files()
    // X's upload holds its write-back (the second put) until Y's upload has finished.
    const held = gate()
    let putsOfX = 0
    const lateDisk = {
      ...disk,
      put: async (key: string, bytes: Uint8Array, type: string) => {
        if (++putsOfX === 2) await held.opened
        return disk.put(key, bytes, type)
      },
    }
    const logger = createLogger('silent')
    const xUpload = createAvatarService({ store, files: lateDisk, logger, content }).upload(
      a,
      X,
      ORIGIN,
    )
    while (putsOfX < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    const y = await service(store).upload(a, Y, ORIGIN) // replaces X and deletes its file
    held.open()
    await xUpload // wrote X back: it must notice that it lost, and delete it again
    expect((await store.users.findById(a.id))?.avatarUrl).toBe(y.avatarUrl)
    expect((await stored()).map((name) => `${ORIGIN}/avatars/${name}`)).toEqual([y.avatarUrl])
  })
})
