#!/usr/bin/env node
// The README's two commands, for a machine with only Node and npm:
//   npm start   install, build and run the server (embedded SQLite store, WeChat simulator)
//   npm test    install what the tests need (pnpm deps, FerretDB, Chromium) and run every test
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVER_NODE_FLAGS } from '../apps/server/node-flags.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PNPM_VERSION = '10.34.9'
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env, ...options })
  return res.status ?? 1
}
function must(cmd, args, options) {
  const status = run(cmd, args, options)
  if (status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${status})`)
    process.exit(status)
  }
}
const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore', env }).status === 0
const step = (text) => console.log(`\n▶ ${text}`)

function ensurePnpm() {
  if (works('pnpm', ['--version'])) return
  step(`installing pnpm ${PNPM_VERSION} (npm i -g)`)
  must('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`])
}

function install() {
  ensurePnpm()
  step('installing dependencies (pnpm install --frozen-lockfile)')
  must('pnpm', ['install', '--frozen-lockfile'])
}

/** Debian packages the tests use: a browser, a CJK font for readable screenshots, Redis for shared limits. */
function ensureSystemPackages() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  const wanted = [
    [!existsSync(chromium), 'chromium'],
    [!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'), 'fonts-wqy-microhei'],
    [!works('redis-server', ['--version']), 'redis-server'],
  ]
    .filter(([missing]) => missing)
    .map(([, name]) => name)
  if (wanted.length === 0) return
  step(`installing ${wanted.join(', ')} (apt-get)`)
  const root = process.getuid?.() === 0
  const apt = (args) => (root ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]))
  const ok =
    apt(['update', '-qq']) === 0 &&
    apt(['install', '-y', '-qq', '--no-install-recommends', ...wanted]) === 0
  if (!ok && !existsSync(chromium)) {
    console.error(
      '✖ Could not install Chromium. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.',
    )
    process.exit(1)
  }
  if (!ok)
    console.warn(
      '  Could not install the optional packages; the Redis suite will say it is skipped.',
    )
}

function ensureMongoServer() {
  if (process.env.MONGODB_URI || process.env.WXLOGIN_TEST_MONGODB_URI) return
  step('making sure a MongoDB-protocol server is available for the MongoDB suites (FerretDB)')
  const res = spawnSync(process.execPath, ['scripts/ensure-ferretdb.mjs'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const bin = res.stdout?.toString().trim().split('\n').pop()
  if (res.status === 0 && bin) {
    env.FERRETDB_BIN = bin
    console.log(`  FerretDB: ${bin}`)
  } else if (env.CI === 'true') {
    console.error('✖ No MongoDB-protocol server could be had, and CI must run the MongoDB suites.')
    process.exit(1)
  } else {
    console.warn(
      '  No FerretDB (needs Go); the MongoDB suites will say they are skipped. Set MONGODB_URI to use your own.',
    )
  }
}

/** Sums the vitest JSON reports of this run into one closing line that any CI can read. */
function vitestTotals(since) {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  for (const dir of [
    'packages/shared',
    'packages/wechat-wire',
    'apps/wechat-sim',
    'apps/server',
    'apps/miniapp',
    'apps/admin',
  ]) {
    const reports = path.join(ROOT, dir, 'node_modules/.vitest-reports')
    if (!existsSync(reports)) continue
    for (const file of readdirSync(reports)) {
      const full = path.join(reports, file)
      if (statSync(full).mtimeMs < since) continue // a report from an earlier run (turbo cache hit)
      const r = JSON.parse(readFileSync(full, 'utf8'))
      totals.passed += r.numPassedTests
      totals.failed += r.numFailedTests
      totals.skipped += r.numPendingTests + r.numTodoTests
    }
  }
  return totals
}

const turbo = (tasks, extra = []) =>
  must('pnpm', ['exec', 'turbo', 'run', ...tasks, '--concurrency=2', ...extra])

const command = process.argv[2]
if (command === 'start') {
  install()
  step('building the server and the admin console')
  turbo(
    ['build'],
    ['--filter=@wxlogin/server...', '--filter=@wxlogin/admin', '--output-logs=errors-only'],
  )
  step('starting wxlogin (Ctrl-C to stop)')
  process.exit(run(process.execPath, [...SERVER_NODE_FLAGS, 'apps/server/dist/main.js']))
} else if (command === 'test') {
  const started = Date.now()
  install()
  ensureMongoServer()
  ensureSystemPackages()
  step('build, lint and typecheck')
  turbo(['build', 'lint', 'typecheck'])
  must('pnpm', ['exec', 'eslint', 'scripts'])
  must('pnpm', ['exec', 'prettier', '--check', '--log-level=warn', '**/*.{ts,mts,mjs,vue}'])
  // Test tasks are not cached (turbo.json), so every run really runs every test.
  step('unit and HTTP tests (SQLite and MongoDB stores)')
  turbo(['test'])
  step('mini-program bundle and browser tests, benchmark smoke run')
  turbo(['test:mp', 'test:e2e'])
  if (existsSync(path.join(ROOT, 'bench/run.mjs')))
    must(process.execPath, ['bench/run.mjs', '--smoke'])
  const t = vitestTotals(started)
  console.log('\n✔ every test passed (the browser tests report their own counts above)')
  console.log(`vitest: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`)
} else {
  console.error('usage: node scripts/run.mjs start|test')
  process.exit(2)
}
