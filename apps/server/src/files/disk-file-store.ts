import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CONTENT_TYPES, FILE_KEY, type FileStore, type StoredFile } from './file-store.js'

export interface DiskFileStoreOptions {
  /** e.g. `<DATA_DIR>/avatars`; created on first write. */
  dir: string
  /** The path the files are served under by this server, e.g. `/avatars`. */
  routePrefix: string
  /** PUBLIC_URL when set; otherwise URLs use the origin of the upload request. */
  publicUrl: string | null
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT'

/**
 * Files on the local disk, served by this server. Only names matching FILE_KEY are ever turned
 * into paths, so a key can never leave `dir` (no `..`, no separators).
 */
export function createDiskFileStore(options: DiskFileStoreOptions): Required<FileStore> {
  const { dir, routePrefix, publicUrl } = options
  const pathOf = (key: string): string | null => (FILE_KEY.test(key) ? path.join(dir, key) : null)

  return {
    async put(key, bytes) {
      const target = pathOf(key)
      if (!target) throw new Error(`not a content-addressed key: ${key}`)
      // Content-addressed: an existing file already holds these bytes.
      if (
        await stat(target).then(
          () => true,
          () => false,
        )
      )
        return
      await mkdir(dir, { recursive: true })
      // Write then rename, so a reader never sees half a file, even with concurrent uploads.
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await writeFile(temp, bytes)
        await rename(temp, target)
      } finally {
        await rm(temp, { force: true })
      }
    },

    async deleteUnlessUsed(key, inUse) {
      const target = pathOf(key)
      if (!target || (await inUse())) return false
      // Out of reach under a name no key can have (FILE_KEY), so GET /avatars/:name cannot serve it.
      const aside = `${target}.${randomBytes(6).toString('hex')}.del`
      try {
        await rename(target, aside)
      } catch (err) {
        if (isMissing(err)) return false
        throw err
      }
      let used = true
      try {
        used = await inUse()
      } finally {
        // Back when used, or when asking failed. If an uploader wrote the key again meanwhile,
        // the bytes are the same (content-addressed): the rename replaces them with themselves.
        if (used) await rename(aside, target)
        else await rm(aside, { force: true })
      }
      return !used
    },
    url: (key, requestOrigin) => `${publicUrl ?? requestOrigin}${routePrefix}/${key}`,

    async read(key): Promise<StoredFile | null> {
      const file = pathOf(key)
      const contentType = CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)]
      if (!file || !contentType) return null
      try {
        return { bytes: await readFile(file), contentType }
      } catch (err) {
        if (isMissing(err)) return null
        throw err
      }
    },
  }
}
