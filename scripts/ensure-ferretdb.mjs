#!/usr/bin/env node
// Makes sure a FerretDB v1.24.2 binary exists and prints its path (the last line of stdout).
// FerretDB is the MongoDB-protocol server the MongoDB suites run on when no MONGODB_URI is given:
// no mongod can be downloaded here, and FerretDB is built from its Go module with only the Go
// module proxy. It is built once per user and version, into the cache every clone shares
// (~/.cache/wxlogin/ferretdb/v1.24.2/ferretdb, scripts/lib/user-cache.mjs).
//
//   --no-build                       only look: exit 3 (and say what a build needs) when absent
//   FERRETDB_BIN=/path/to/ferretdb   use that binary (must run), build nothing
//   FERRETDB_CACHE_DIR=/some/dir      cache the build there instead
//
// The build downloads FerretDB's Go modules into Go's own module cache (`go env GOMODCACHE`,
// about 650 MB, reused by any later build) and compiles with a throwaway build cache, so that
// the ~400 MB of compiled objects, useless once the binary exists, are not left behind.
//
// Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
// - behind some proxies the deprecation look-up (`@v/list`) is refused (403) and the install fails;
// - a build whose main module is FerretDB itself panics at start-up unless
//   build/version/version.txt exists (FerretDB writes it with `bin/task gen-version` from git,
//   and the module zip does not contain it). So we copy the module source, write that file, and
//   build the copy. Everything else (go.sum, dependencies) comes from the module cache/proxy.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { tildify, userCacheDir } from './lib/user-cache.mjs'

const VERSION = 'v1.24.2'
const MODULE = 'github.com/FerretDB/FerretDB'
const log = (text) => console.error(`[ensure-ferretdb] ${text}`)

function fail(text, code = 1) {
  log(text)
  process.exit(code)
}

/** True when the binary starts and reports a version (a bad build panics right here). */
function runs(bin) {
  const res = spawnSync(bin, ['--version'], { stdio: 'pipe', timeout: 15_000 })
  return res.status === 0
}

function go(args, options = {}) {
  const res = spawnSync('go', args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
    env: {
      ...process.env,
      GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(),
      ...options.env,
    },
  })
  if (res.error) throw res.error
  return res
}

/** Module-cache files and folders are read-only; the copy must be writable (and removable). */
function makeWritable(dir) {
  chmodSync(dir, 0o755)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) makeWritable(p)
    else chmodSync(p, 0o644)
  }
}

function main() {
  if (process.env.FERRETDB_BIN) {
    const bin = path.resolve(process.env.FERRETDB_BIN)
    if (!existsSync(bin)) fail(`FERRETDB_BIN=${bin} does not exist`)
    if (!runs(bin)) fail(`FERRETDB_BIN=${bin} does not run (\`${bin} --version\` failed)`)
    console.log(bin)
    return
  }

  const cacheDir = path.resolve(process.env.FERRETDB_CACHE_DIR ?? userCacheDir('ferretdb', VERSION))
  const bin = path.join(cacheDir, 'ferretdb')
  if (existsSync(bin) && runs(bin)) {
    console.log(bin)
    return
  }

  const probe = spawnSync('go', ['version'], { stdio: 'pipe' })
  const haveGo = !probe.error && probe.status === 0
  if (process.argv.includes('--no-build')) {
    console.log(
      haveGo
        ? `${VERSION}: to build once with ${probe.stdout
            .toString()
            .trim()
            .replace(
              /^go version /,
              '',
            )} into ${tildify(cacheDir)} (~2 min; Go modules ~650 MB in Go's module cache)`
        : `${VERSION}: not built, and no Go to build it`,
    )
    process.exit(haveGo ? 3 : 2)
  }
  if (!haveGo) {
    fail(
      'Go is not installed (no `go` on PATH), so FerretDB cannot be built. Install Go >= 1.22 ' +
        '(https://go.dev/dl/), or set FERRETDB_BIN to a FerretDB 1.x binary, or MONGODB_URI to a MongoDB server.',
      2,
    )
  }
  log(
    `building FerretDB ${VERSION} with ${probe.stdout.toString().trim()} into ${tildify(cacheDir)} (once; about 2 minutes on 2 cores)`,
  )

  const dl = go(['mod', 'download', '-json', `${MODULE}@${VERSION}`], { cwd: tmpdir() })
  let moduleDir
  try {
    moduleDir = JSON.parse(dl.stdout.toString()).Dir
  } catch {
    // the JSON may be missing when the download failed; the status below says so
  }
  if (dl.status !== 0 || !moduleDir)
    fail(`go mod download ${MODULE}@${VERSION} failed: ${dl.stdout.toString().trim()}`)

  const work = mkdtempSync(path.join(tmpdir(), 'ferretdb-build-'))
  try {
    const src = path.join(work, 'src')
    cpSync(moduleDir, src, { recursive: true })
    makeWritable(src)
    writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${VERSION}\n`)
    mkdirSync(cacheDir, { recursive: true })
    const partial = `${bin}.partial-${process.pid}`
    const build = go(['build', '-o', partial, './cmd/ferretdb'], {
      cwd: src,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { GOCACHE: path.join(work, 'gocache') },
    })
    if (build.status !== 0) fail(`go build ./cmd/ferretdb failed (exit ${build.status})`)
    if (!runs(partial)) fail(`the freshly built ${partial} does not run`)
    renameSync(partial, bin) // atomic: a concurrent run sees either no binary or a whole one
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  log(`built ${bin}`)
  console.log(bin)
}

main()
