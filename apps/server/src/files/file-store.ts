/**
 * The file-storage port (docs/contributing.md, style rule 7). Avatars go through it, so an object store (S3, COS, OSS)
 * can replace the disk adapter without touching the avatar module.
 *
 * Keys are content-addressed (`<sha256>.<ext>`): the same bytes always get the same key, so a
 * `put` is idempotent and a URL never changes meaning, which is what lets it be cached forever.
 */
export interface StoredFile {
  bytes: Buffer
  contentType: string
}

export interface FileStore {
  /** Idempotent: a file already stored under `key` holds these bytes and is left as it is. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /**
   * Deletes `key` unless `inUse()` says someone references it; true when it deleted. Asks twice:
   * before and after moving the file out of reach, and puts it back when the second answer is
   * yes. So a reference committed while it runs either is seen (the file stays) or comes after
   * the file is gone, and then its uploader's second `put` (after committing) writes it again.
   */
  deleteUnlessUsed(key: string, inUse: () => Promise<boolean>): Promise<boolean>
  /**
   * The public URL of a stored file. `requestOrigin` is the base URL the client reached this
   * server at (its origin, plus the path wxlogin is mounted under in a host app); a store with
   * its own public base URL ignores it.
   */
  url(key: string, requestOrigin: string): string
  /**
   * Present only when this server serves the files itself (GET /avatars/:name); an object store
   * serves its own URLs and leaves it out. Null for an unknown key.
   */
  read?(key: string): Promise<StoredFile | null>
}

/** `<64 hex>.<png|jpg|webp>`: the only names a content-addressed key can have. */
export const FILE_KEY = /^[0-9a-f]{64}\.(png|jpg|webp)$/

export const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
}
