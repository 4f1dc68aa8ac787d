#!/usr/bin/env node
// The README's two commands, for a machine with only Node (>= 20.19) and npm:
//   npm start   install, build and run the server (embedded SQLite store, WeChat simulator)
//   npm test    install what the tests need and run every test
// Both first print what they will use and what they will install, then run everything on the
// pinned Node 24 (scripts/lib/node-runtime.mjs), fetched once into ~/.cache/wxlogin.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { SERVER_NODE_FLAGS } from '../apps/server/node-flags.mjs'
import {
  EXTRA_NODE_VERSIONS,
  NODE_VERSION,
  RuntimeError,
  cachedNode,
  ensureNode,
  resolveRuntime,
  withPath,
} from './lib/node-runtime.mjs'
import { ROOT, describePnpm, ensurePnpm, pnpmPlan } from './lib/pnpm.mjs'
import { serve } from './lib/serve.mjs'
import {
  chromiumPath,
  installSystemPackages,
  missingSystemPackages,
} from './lib/system-packages.mjs'
import { tildify } from './lib/user-cache.mjs'

const command = process.argv[2]
if (command !== 'start' && command !== 'test') {
  console.error('usage: node scripts/run.mjs start|test')
  process.exit(2)
}
const testing = command === 'test'
const baseEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }
const step = (text) => console.log(`\n▶ ${text}`)
const fail = (text) => {
  console.error(`\n✖ ${text}`)
  process.exit(1)
}

function run(cmd, args, env, options = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env, ...options })
  return res.status ?? 1
}
function must(cmd, args, env, options) {
  const status = run(cmd, args, env, options)
  if (status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${status})`)
}

/** FerretDB for the MongoDB suites: `{ bin }`, `{ build: text }` or `{ none: text }`. */
function ferretDbPlan() {
  if (process.env.MONGODB_URI || process.env.WXLOGIN_TEST_MONGODB_URI) return { uri: true }
  const res = spawnSync(process.execPath, ['scripts/ensure-ferretdb.mjs', '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  const last = res.stdout.trim().split('\n').pop()
  if (res.status === 0) return { bin: last }
  return res.status === 3 ? { build: last } : { none: res.stderr.trim() }
}

/** Prints what this command uses, marking what it is about to install; returns the plan. */
function printPlan(env) {
  const nodes = [NODE_VERSION, ...(testing ? EXTRA_NODE_VERSIONS : [])].map((v) => ({
    v,
    ...cachedNode(v),
  }))
  const pnpm = pnpmPlan(env)
  const lines = []
  const line = (installing, what, detail) =>
    lines.push(`  ${installing ? '+' : '✓'} ${what.padEnd(18)} ${detail}`)
  const override = process.env.WXLOGIN_NODE
  for (const n of nodes) {
    if (n.v === NODE_VERSION && (override || process.version === `v${n.v}`))
      line(false, `Node.js`, override ? `WXLOGIN_NODE=${override}` : `${n.v} (on PATH)`)
    else
      line(
        !n.present,
        `Node.js ${n.v}`,
        n.present
          ? tildify(n.dir)
          : `fetch npm package node-${process.platform}-${process.arch}@${n.v} (~50 MB) into ${tildify(n.dir)}`,
      )
  }
  line(pnpm.use === 'install', 'pnpm', describePnpm(pnpm))
  line(true, 'npm packages', 'pnpm install --frozen-lockfile (into ./node_modules)')
  let ferret = null
  let apt = []
  if (testing) {
    ferret = ferretDbPlan()
    if (ferret.uri) line(false, 'MongoDB', 'MONGODB_URI')
    else if (ferret.bin) line(false, 'FerretDB', tildify(ferret.bin))
    else if (ferret.build) line(true, 'FerretDB', ferret.build)
    else line(false, 'FerretDB', `none: ${ferret.none.split('\n')[0]}`)
    apt = missingSystemPackages()
    if (apt.length > 0)
      line(true, 'Debian packages', apt.map((p) => `${p.name} (${p.why})`).join(', '))
    else line(false, 'Debian packages', 'chromium, fonts-wqy-microhei, redis-tools: present')
  }
  console.log(`▶ npm ${command} uses (✓ present, + installs now):\n${lines.join('\n')}`)
  return { pnpm, ferret, apt }
}

/** Sums the vitest JSON reports of this run into one closing line that any CI can read. */
function vitestTotals(since) {
  const totals = { passed: 0, failed: 0, skipped: 0 }
  // Every workspace package that writes a vitest report (see its vitest config).
  const packages = ['apps', 'packages', 'examples'].flatMap((group) =>
    existsSync(path.join(ROOT, group))
      ? readdirSync(path.join(ROOT, group)).map((name) => path.join(group, name))
      : [],
  )
  for (const dir of packages) {
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

function prepare() {
  const plan = printPlan(baseEnv)
  const runtime = resolveRuntime(step)
  let env = withPath(baseEnv, runtime.binDir)
  env = ensurePnpm(env, plan.pnpm, step)
  step(`installing dependencies on Node ${runtime.version} (pnpm install --frozen-lockfile)`)
  must('pnpm', ['install', '--frozen-lockfile', '--loglevel=warn'], env)
  return { plan, runtime, env }
}

function start() {
  const { runtime, env } = prepare()
  step('building the server')
  must(
    'pnpm',
    turboArgs(
      ['build'],
      ['--filter=@wxlogin/server...', '--filter=@wxlogin/admin', '--output-logs=errors-only'],
    ),
    env,
  )
  step(`starting wxlogin on Node ${runtime.version} (Ctrl-C or kill ${process.pid} to stop)`)
  serve(runtime.node, [...SERVER_NODE_FLAGS, 'apps/server/dist/main.js'], { cwd: ROOT, env })
}

/** turbo on both cores; a task's output shows when it ran, not when a cached build is replayed. */
const turboArgs = (tasks, extra = []) => [
  'exec',
  'turbo',
  'run',
  ...tasks,
  '--concurrency=2',
  ...(extra.some((arg) => arg.startsWith('--output-logs')) ? [] : ['--output-logs=new-only']),
  ...extra,
]

function test() {
  const started = Date.now()
  const { plan, runtime, env } = prepare()
  const extras = EXTRA_NODE_VERSIONS.map((v) => ensureNode(v, step))

  if (plan.ferret.bin) env.FERRETDB_BIN = plan.ferret.bin
  else if (plan.ferret.build) {
    step('building FerretDB for the MongoDB suites (once per user and version)')
    const res = spawnSync(process.execPath, ['scripts/ensure-ferretdb.mjs'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (res.status === 0) env.FERRETDB_BIN = res.stdout.trim().split('\n').pop()
  }
  if (!env.FERRETDB_BIN && !plan.ferret.uri) {
    if (env.CI === 'true') fail('no MongoDB-protocol server, and CI must run the MongoDB suites')
    console.warn('  no FerretDB (needs Go): the MongoDB suites will say they are skipped')
  }
  if (!installSystemPackages(plan.apt, step)) {
    if (!existsSync(chromiumPath()))
      fail('could not install Chromium: apt-get install chromium, or set CHROMIUM_PATH')
    console.warn('  the optional packages are missing; the Redis suite will say it is skipped')
  }

  step(`build, lint and typecheck (Node ${runtime.version})`)
  must('pnpm', turboArgs(['build', 'lint', 'typecheck']), env)
  must('pnpm', ['exec', 'eslint', 'scripts'], env)
  must('pnpm', ['exec', 'prettier', '--check', '--log-level=warn', '**/*.{ts,mts,mjs,vue}'], env)
  // Test tasks are not cached (turbo.json), so every run really runs every test.
  step(`unit and HTTP tests, SQLite and MongoDB stores (Node ${runtime.version})`)
  must('pnpm', turboArgs(['test']), env)
  for (const extra of extras) {
    step(`the server's unit and HTTP suites again on Node ${extra.version}`)
    must('pnpm', ['exec', 'vitest', 'run'], withPath(env, extra.binDir), {
      cwd: path.join(ROOT, 'apps/server'),
    })
  }
  step('mini-program bundle and browser tests')
  must('pnpm', turboArgs(['test:mp', 'test:e2e']), env)
  step('the launcher: signals, ports, data directory')
  const launcherTests = readdirSync(path.join(ROOT, 'scripts/test'))
    .filter((file) => file.endsWith('.test.mjs'))
    .map((file) => `scripts/test/${file}`)
  must(runtime.node, ['--test', '--test-reporter=spec', ...launcherTests], env)
  step('benchmark smoke run')
  must(runtime.node, ['bench/run.mjs', '--smoke'], env)
  const t = vitestTotals(started)
  const minutes = ((Date.now() - started) / 60_000).toFixed(1)
  const nodes = [runtime.version, ...extras.map((e) => `${e.version} (server suites)`)]
  console.log(`\n✔ every test passed in ${minutes} min on Node ${nodes.join(' and ')}`)
  console.log('  (node:test suites report their own counts above)')
  console.log(`vitest: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`)
}

try {
  if (testing) test()
  else start()
} catch (err) {
  if (err instanceof RuntimeError) fail(err.message)
  throw err
}
