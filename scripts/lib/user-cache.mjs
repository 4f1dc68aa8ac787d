// The per-user cache that every clone of wxlogin shares: the Node.js runtimes the launcher
// provides, pnpm when the one on PATH is another major, and the FerretDB build. Each thing lives
// in a folder named after its version, so two clones (or two versions of wxlogin) never fight
// over one file, and nothing is fetched or built twice.
//
//   WXLOGIN_CACHE_DIR   the whole cache (default $XDG_CACHE_HOME/wxlogin, else ~/.cache/wxlogin)
import { homedir } from 'node:os'
import path from 'node:path'

export function userCacheDir(...parts) {
  const base =
    process.env.WXLOGIN_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'wxlogin')
  return path.join(path.resolve(base), ...parts)
}

/** `~/…` for messages: the reader's own home is not worth a line of its own. */
export function tildify(file) {
  const home = homedir()
  return file === home || file.startsWith(`${home}${path.sep}`)
    ? `~${file.slice(home.length)}`
    : file
}
