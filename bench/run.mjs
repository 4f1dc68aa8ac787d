#!/usr/bin/env node
// `pnpm bench`: builds the server, starts it in production mode on the embedded store (then on a
// MongoDB-protocol server when one can be had) with the WeChat simulator as a separate process,
// and loads it with autocannon: (1) login, (2) GET /api/me, (3) a bare node:http ceiling.
// Writes bench/results/latest.json and prints a table with each case's ratio to the ceiling.
// Exits 1 only when a case saw errors or non-2xx answers (or the stack could not start), never
// on a missed target: load numbers swing with whatever else the machine is doing.
// `--smoke` is the few-seconds run the test command includes so this script cannot rot.
// It measures on the pinned Node 24 (scripts/lib/node-runtime.mjs): run from another node, it
// starts itself again on that one. WXLOGIN_NODE=system (or a path) measures another runtime.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ceilingCase, loginCase, meCase, prepareMe } from './lib/cases.mjs'
import { obtainMongo } from './lib/mongo.mjs'
import { parseOptions } from './lib/options.mjs'
import { pinningPlan, pinSelf } from './lib/processes.mjs'
import { addCeilingRatios, caseLine, checkTargets, printReport } from './lib/report.mjs'
import { lifetimePeakRssMiB } from './lib/proc-stats.mjs'
import { benchApp, ROOT, startCeiling, startServer, startSim } from './lib/stack.mjs'
import { RuntimeError, resolveRuntime, withPath } from '../scripts/lib/node-runtime.mjs'

const say = (line) => console.log(line)
const started = Date.now()
const opts = parseOptions(process.argv.slice(2), ROOT)

/** The runtime to measure; when it is not this process's node, runs this script on it instead. */
function onRuntime() {
  let runtime
  try {
    runtime = resolveRuntime((text) => say(`▶ ${text}`))
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err
    console.error(`✖ ${err.message}`)
    process.exit(1)
  }
  // The marker stops a second start when the two paths name one binary differently (a symlink).
  if (runtime.node === process.execPath || process.env.WXLOGIN_BENCH_ON_RUNTIME) return runtime
  const env = { ...withPath(process.env, runtime.binDir), WXLOGIN_BENCH_ON_RUNTIME: '1' }
  const res = spawnSync(runtime.node, [import.meta.filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  })
  process.exit(res.status ?? 1)
}
const runtime = onRuntime()

function gitInfo() {
  const git = (args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  try {
    return {
      commit: git(['rev-parse', 'HEAD']),
      dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    }
  } catch {
    return { commit: null, dirty: null }
  }
}

function build() {
  say('▶ building the server (turbo: @wxlogin/server and its dependencies)')
  const res = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@wxlogin/server...', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  )
  if (res.status !== 0) throw new Error(`build failed (exit ${res.status})`)
}

/**
 * One server on one store and one JWT algorithm, running `caseNames` (login, me). Returns the
 * /api/me body, which the ceiling serves.
 */
async function serverPass({
  store,
  mongo,
  plan,
  app,
  workDir,
  cases,
  servers,
  sim,
  alg,
  caseNames,
}) {
  const tag = `${store}-${alg}-${Date.now().toString(36)}`
  const name = alg === opts.jwtAlgs[0] ? store : `${store}-${alg.toLowerCase()}`
  let server
  try {
    const cpuProfDir = opts.cpuProf
      ? path.join(path.dirname(opts.out), 'profiles', name)
      : undefined
    if (cpuProfDir) await mkdir(cpuProfDir, { recursive: true })
    server = await startServer({
      plan,
      app,
      simUrl: sim.url,
      workDir,
      name,
      mongodbUri: mongo?.uri,
      logLevel: opts.logLevel,
      cpuProfDir,
      nodeArgs: opts.nodeArgs,
      jwtAlg: alg,
    })
    say(
      `▶ ${store} (${alg}): server pid ${server.pid} at ${server.url}${mongo ? ` on ${mongo.label}` : ''}; simulator at ${sim.url}`,
    )

    const watch = {
      server: server.pid,
      others: { simulator: sim.pid, ...(mongo?.pid ? { ferretdb: mongo.pid } : {}) },
    }
    if (caseNames.includes('login')) {
      const login = await loginCase({ server, sim, watch, opts, tag, say })
      cases.push({ case: 'login', label: 'POST /api/auth/wx-login', store, alg, ...login })
      say(caseLine(`login (${alg})`, login))
    }
    const me = await prepareMe({ server, tag })
    if (caseNames.includes('me')) {
      const result = await meCase({ server, watch, opts, ...me })
      cases.push({ case: 'me', label: 'GET /api/me', store, alg, ...result })
      say(caseLine(`/api/me (${alg})`, result))
    }
    servers.push({
      store,
      alg,
      pid: server.pid,
      peakRssMiB: lifetimePeakRssMiB(server.pid),
      mongo: mongo?.label ?? null,
    })
    return me.body
  } finally {
    await server?.stop()
  }
}

/**
 * One store: the simulator, then every case on the first JWT algorithm and /api/me again on each
 * other one (a cached token's verification must cost the same whatever signed it).
 */
async function storePass({ store, mongo, plan, app, workDir, cases, servers }) {
  const [first, ...others] = opts.jwtAlgs
  const sim = await startSim({ plan, app, workDir })
  try {
    const pass = { store, mongo, plan, app, workDir, cases, servers, sim }
    const body = await serverPass({ ...pass, alg: first, caseNames: opts.cases })
    if (opts.cases.includes('me'))
      for (const alg of others) await serverPass({ ...pass, alg, caseNames: ['me'] })
    return body
  } finally {
    await sim.stop()
  }
}

async function ceilingPass({ plan, body, workDir, cases }) {
  const ceiling = await startCeiling({ plan, body, workDir })
  try {
    say(
      `▶ ceiling: bare node:http pid ${ceiling.pid} at ${ceiling.url}, ${Buffer.byteLength(body)}-byte body`,
    )
    const result = await ceilingCase({ ceiling, opts, bodyBytes: Buffer.byteLength(body) })
    cases.push({
      case: 'ceiling',
      label: 'ceiling (bare node:http)',
      store: null,
      alg: null,
      ...result,
    })
    say(caseLine('ceiling', result))
  } finally {
    await ceiling.stop()
  }
}

async function main() {
  const loadavgBefore = os.loadavg()
  say(`▶ measuring on Node ${process.version} (${runtime.source}): server, simulator and ceiling`)
  if (opts.build) build()
  // Pin after building: children inherit this process's affinity, and the build wants both cores.
  const plan = pinningPlan(opts.pin)
  pinSelf(plan)
  say(
    plan.pinned
      ? '▶ pinning: server/ceiling on CPU 0; autocannon, simulator, FerretDB on CPU 1'
      : `▶ not pinning (${plan.reason})`,
  )

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wxlogin-bench-'))
  const app = benchApp()
  const cases = []
  const servers = []
  const skipped = []
  let failure = null
  try {
    let meBody = null
    if (opts.stores.includes('sqlite')) {
      meBody = await storePass({ store: 'sqlite', plan, app, workDir, cases, servers })
      if (opts.cases.includes('ceiling')) await ceilingPass({ plan, body: meBody, workDir, cases })
    }
    if (opts.stores.includes('mongodb')) {
      const mongo = await obtainMongo({ plan, workDir, mayBuild: !opts.smoke })
      if ('reason' in mongo) {
        skipped.push({ what: 'MongoDB pass', reason: mongo.reason })
        say(`▶ skipping the MongoDB pass: ${mongo.reason}`)
      } else {
        try {
          const body = await storePass({
            store: 'mongodb',
            mongo,
            plan,
            app,
            workDir,
            cases,
            servers,
          })
          if (!meBody && opts.cases.includes('ceiling'))
            await ceilingPass({ plan, body, workDir, cases })
        } finally {
          await mongo.stop()
        }
      }
    }
  } catch (err) {
    failure = err
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }

  addCeilingRatios(cases)
  const targets = checkTargets(cases, servers)
  const results = {
    schema: 1,
    startedAt: new Date(started).toISOString(),
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    mode: opts.smoke ? 'smoke' : 'full',
    options: {
      durationSec: opts.durationSec,
      warmupSec: opts.warmupSec,
      connections: opts.connections,
      returningShare: opts.returning,
      poolSize: opts.poolSize,
      serverLogLevel: opts.logLevel,
      cpuProf: opts.cpuProf,
      serverNodeArgs: opts.nodeArgs,
      jwtAlgs: opts.jwtAlgs,
      pinning: plan,
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      nodeSource: runtime.source,
      platform: `${os.platform()} ${os.release()}`,
      loadavgBefore: loadavgBefore.map((n) => Math.round(n * 100) / 100),
      loadavgAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    git: gitInfo(),
    cases,
    servers,
    skipped,
    targets,
    error: failure ? String(failure.stack ?? failure) : null,
  }
  await mkdir(path.dirname(opts.out), { recursive: true })
  await writeFile(opts.out, `${JSON.stringify(results, null, 2)}\n`)

  printReport({ cases, servers, targets, skipped, smoke: opts.smoke, say })
  say(
    `\nresults: ${path.relative(process.cwd(), opts.out)} (Node ${process.version}; ${results.wallSeconds} s; load average before ${results.machine.loadavgBefore.join(' ')}, after ${results.machine.loadavgAfter.join(' ')})`,
  )

  const bad = cases.filter((c) => c.errors > 0 || c.non2xx > 0)
  if (failure) console.error(`\n✖ the benchmark could not run: ${failure.message}`)
  for (const c of bad)
    console.error(
      `✖ ${c.label} (${c.store ?? 'ceiling'}${c.alg ? `, ${c.alg}` : ''}): ${c.non2xx} non-2xx ${JSON.stringify(c.statusCodes)}, ${c.errors} errors`,
    )
  process.exit(failure || bad.length > 0 ? 1 : 0)
}

await main()
