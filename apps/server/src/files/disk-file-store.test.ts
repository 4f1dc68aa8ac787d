import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiskFileStore } from './disk-file-store.js'

const KEY = `${'a'.repeat(64)}.png`

describe('createDiskFileStore', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wxlogin-files-'))
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  const store = (publicUrl: string | null = null) =>
    createDiskFileStore({ dir: path.join(root, 'avatars'), routePrefix: '/avatars', publicUrl })

  it('stores bytes under the key, idempotently, leaving no temp files', async () => {
    const files = store()
    await files.put(KEY, Buffer.from('one'), 'image/png')
    await files.put(KEY, Buffer.from('one'), 'image/png')
    expect(await files.read(KEY)).toEqual({ bytes: Buffer.from('one'), contentType: 'image/png' })
    expect(await readdir(path.join(root, 'avatars'))).toEqual([KEY])
  })

  it('reads null for an unknown key and for any name that is not a content-addressed key', async () => {
    const files = store()
    await writeFile(path.join(root, 'secret.json'), '{}')
    expect(await files.read(`${'b'.repeat(64)}.webp`)).toBeNull()
    for (const name of [
      '../secret.json',
      '..',
      `${'a'.repeat(64)}.png/..`,
      `${'a'.repeat(63)}.png`,
      `${'a'.repeat(64)}.svg`,
    ]) {
      expect(await files.read(name)).toBeNull()
    }
  })

  it('refuses to write a name that is not a content-addressed key', async () => {
    await expect(store().put('../evil.png', Buffer.from('x'), 'image/png')).rejects.toThrow(
      /content-addressed/,
    )
  })

  it('builds URLs from PUBLIC_URL when set, else from the request origin', () => {
    expect(store().url(KEY, 'http://127.0.0.1:3000')).toBe(`http://127.0.0.1:3000/avatars/${KEY}`)
    expect(store('https://api.example.com').url(KEY, 'http://ignored')).toBe(
      `https://api.example.com/avatars/${KEY}`,
    )
  })

  it('deleteUnlessUsed deletes an unused file, keeps a used one, and ignores unknown keys', async () => {
    const files = store()
    await files.put(KEY, Buffer.from('one'), 'image/png')
    expect(await files.deleteUnlessUsed(KEY, async () => true)).toBe(false)
    expect(await files.read(KEY)).not.toBeNull()
    expect(await files.deleteUnlessUsed(KEY, async () => false)).toBe(true)
    expect(await files.read(KEY)).toBeNull()
    expect(await readdir(path.join(root, 'avatars'))).toEqual([])
    expect(await files.deleteUnlessUsed(KEY, async () => false)).toBe(false)
    expect(await files.deleteUnlessUsed('../secret.json', async () => false)).toBe(false)
  })

  it('deleteUnlessUsed puts the file back when a reference appears while it runs', async () => {
    const files = store()
    await files.put(KEY, Buffer.from('one'), 'image/png')
    const answers = [false, true] // nobody at first; an uploader commits before the second look
    let readWhileAside: unknown = 'not asked'
    expect(
      await files.deleteUnlessUsed(KEY, async () => {
        if (answers.length === 1) readWhileAside = await files.read(KEY)
        return answers.shift() ?? true
      }),
    ).toBe(false)
    expect(readWhileAside).toBeNull() // out of reach while undecided
    expect(await files.read(KEY)).toEqual({ bytes: Buffer.from('one'), contentType: 'image/png' })
    expect(await readdir(path.join(root, 'avatars'))).toEqual([KEY])
  })

  it('deleteUnlessUsed puts the file back when asking fails', async () => {
    const files = store()
    await files.put(KEY, Buffer.from('one'), 'image/png')
    let calls = 0
    await expect(
      files.deleteUnlessUsed(KEY, async () => {
        if (++calls === 2) throw new Error('database down')
        return false
      }),
    ).rejects.toThrow('database down')
    expect(await readdir(path.join(root, 'avatars'))).toEqual([KEY])
  })
})
