import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Defaults that depend on where and how the server runs, and the loopback rule. */

const LOOPBACK_HOST =
  /^(localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\]|0\.0\.0\.0)$/i

/** True for an http(s) URL (or browser origin) on this machine; false for anything unparsable. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return (protocol === 'http:' || protocol === 'https:') && LOOPBACK_HOST.test(hostname)
  } catch {
    return false
  }
}

/** The app id the simulator-backed setup uses when WX_APP_ID is not set. */
export const SIMULATOR_APP_ID = 'wx0000000000000000'

/** apps/server, from src/ (tsx) and from dist/ alike. */
const SERVER_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * DATA_DIR when unset: the repository's `.data` when the server runs from a wxlogin checkout, so
 * that `npm start`, `pnpm dev` and `pnpm --filter @wxlogin/server admin:grant` (which pnpm runs
 * in apps/server) use one database whatever their working directory; elsewhere (a deployed copy
 * of the package) `.data` beside the package. Never the working directory.
 */
export function defaultDataDir(serverDir = SERVER_PACKAGE_DIR): string {
  const repo = path.resolve(serverDir, '../..')
  try {
    const { name } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      name?: unknown
    }
    if (name === 'wxlogin') return path.join(repo, '.data')
  } catch {
    // no package.json above: not a checkout
  }
  return path.join(serverDir, '.data')
}

/**
 * The built-in simulator's port when WECHAT_SIM_PORT is unset: PORT + 100 (3100 beside the
 * default 3000), so that a second server started with only PORT=3001 does not collide with the
 * first one's simulator; any free port when PORT is 0 or PORT + 100 is no port.
 */
export function defaultSimulatorPort(apiPort: number): number {
  return apiPort === 0 || apiPort + 100 > 65535 ? 0 : apiPort + 100
}

/** Where `pnpm dev` serves the mini-program's H5 build. */
export const DEV_MINIAPP_H5_URL = 'http://127.0.0.1:5173'
