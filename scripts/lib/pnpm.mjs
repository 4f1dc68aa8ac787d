// The pnpm the launcher runs: the one on PATH when it is the pinned major (package.json
// `packageManager`), else the pinned version installed once into the per-user cache with npm
// (`npm install --prefix`, no global install, no corepack: Node 25 no longer ships corepack).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { tildify, userCacheDir } from './user-cache.mjs'
import { withPath } from './node-runtime.mjs'

export const ROOT = path.resolve(import.meta.dirname, '../..')

/** `10.34.9` from package.json's `packageManager: pnpm@10.34.9`. */
export const PNPM_VERSION = JSON.parse(
  readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
).packageManager.replace(/^pnpm@/, '')

const major = (version) => version?.split('.')[0]

function versionOn(env) {
  const res = spawnSync('pnpm', ['--version'], { env, encoding: 'utf8', timeout: 60_000 })
  return res.status === 0 ? res.stdout.trim() : null
}

/** What `ensurePnpm` would do, for the plan printed before anything is installed. */
export function pnpmPlan(env) {
  const onPath = versionOn(env)
  const dir = userCacheDir('pnpm', PNPM_VERSION)
  if (major(onPath) === major(PNPM_VERSION)) return { use: 'path', version: onPath }
  if (versionOn(withPath(env, path.join(dir, 'node_modules', '.bin'))) === PNPM_VERSION)
    return { use: 'cache', version: PNPM_VERSION, dir, onPath }
  return { use: 'install', version: PNPM_VERSION, dir, onPath }
}

export function describePnpm(plan) {
  if (plan.use === 'path') return `${plan.version} (on PATH)`
  const why = plan.onPath ? `; the pnpm on PATH is ${plan.onPath}, another major` : ''
  return plan.use === 'cache'
    ? `${plan.version} from ${tildify(plan.dir)}${why}`
    : `${plan.version}: install with npm into ${tildify(plan.dir)}${why}`
}

/** The environment to run pnpm (and turbo, which finds pnpm on PATH) with. */
export function ensurePnpm(env, plan, say) {
  if (plan.use === 'path') return env
  const binDir = path.join(plan.dir, 'node_modules', '.bin')
  if (plan.use === 'install') {
    say(`installing pnpm ${plan.version} into ${tildify(plan.dir)} (npm install --prefix)`)
    const res = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        plan.dir,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `pnpm@${plan.version}`,
      ],
      { env, stdio: 'inherit' },
    )
    if (res.status !== 0) throw new Error(`npm install pnpm@${plan.version} failed`)
  }
  const withPnpm = withPath(env, binDir)
  if (versionOn(withPnpm) !== plan.version)
    throw new Error(`pnpm ${plan.version} in ${plan.dir} does not run`)
  return withPnpm
}
