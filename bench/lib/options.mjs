// Command-line options of `pnpm bench` (`node bench/run.mjs`).
import path from 'node:path'
import { parseArgs } from 'node:util'

export const USAGE = `usage: node bench/run.mjs [options]     (pnpm bench -- [options])
  --smoke              a few seconds in all: 2 s per case, 8 connections (the test command runs this)
  --duration <s>       seconds per measured case (default 15; smoke 2)
  --connections <n>    autocannon connections (default 32; smoke 8)
  --returning <share>  share of logins by existing users, 0..1 (default 0.5)
  --stores <list>      sqlite,mongodb (default both; mongodb only when a server can be had)
  --cases <list>       login,me,ceiling (default all; handy with --cpu-prof)
  --jwt-alg <list>     HS256,ES256 (default): every case on the first; /api/me again on each other
  --log-level <level>  the server's LOG_LEVEL (default warn)
  --cpu-prof           run the server with --cpu-prof; profiles go to bench/results/profiles/
  --node-arg <flag>    an extra node flag for the server process (repeatable), e.g. --node-arg=--heapsnapshot-signal=SIGUSR2
  --no-pin             do not pin processes to cores with taskset
  --no-build           use the existing apps/*/dist instead of building first
  --out <file>         results file (default bench/results/latest.json; smoke: smoke.json)`

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function fail(message) {
  console.error(`bench: ${message}\n${USAGE}`)
  process.exit(2)
}

function number(text, name, { min, max, integer }) {
  const n = Number(text)
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    fail(
      `--${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got "${text}"`,
    )
  return n
}

export function parseOptions(argv, root) {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        smoke: { type: 'boolean', default: false },
        duration: { type: 'string' },
        connections: { type: 'string' },
        returning: { type: 'string', default: '0.5' },
        stores: { type: 'string', default: 'sqlite,mongodb' },
        cases: { type: 'string', default: 'login,me,ceiling' },
        'jwt-alg': { type: 'string', default: 'HS256,ES256' },
        'log-level': { type: 'string', default: 'warn' },
        'cpu-prof': { type: 'boolean', default: false },
        'node-arg': { type: 'string', multiple: true, default: [] },
        'no-pin': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (err) {
    fail(err.message)
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const smoke = values.smoke
  const stores = values.stores
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (stores.length === 0 || stores.some((s) => s !== 'sqlite' && s !== 'mongodb'))
    fail(`--stores must list sqlite and/or mongodb, got "${values.stores}"`)
  const cases = values.cases
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (cases.length === 0 || cases.some((c) => !['login', 'me', 'ceiling'].includes(c)))
    fail(`--cases must list login, me and/or ceiling, got "${values.cases}"`)
  const jwtAlgs = [
    ...new Set(
      values['jwt-alg']
        .split(',')
        .map((a) => a.trim().toUpperCase())
        .filter(Boolean),
    ),
  ]
  if (jwtAlgs.length === 0 || jwtAlgs.some((a) => a !== 'HS256' && a !== 'ES256'))
    fail(`--jwt-alg must list HS256 and/or ES256, got "${values['jwt-alg']}"`)
  if (!LOG_LEVELS.includes(values['log-level']))
    fail(`--log-level must be one of ${LOG_LEVELS.join(', ')}`)
  const durationSec = number(values.duration ?? (smoke ? '2' : '15'), 'duration', {
    min: 1,
    max: 600,
    integer: true,
  })
  return {
    smoke,
    durationSec,
    // Warm-up before /api/me and the ceiling: lets the JIT settle so the measured seconds are steady.
    warmupSec: smoke ? 1 : 3,
    connections: number(values.connections ?? (smoke ? '8' : '32'), 'connections', {
      min: 1,
      max: 1000,
      integer: true,
    }),
    returning: number(values.returning, 'returning', { min: 0, max: 1 }),
    // Users signed up by the warm-up; returning logins cycle through them.
    poolSize: smoke ? 200 : 2000,
    stores,
    cases,
    jwtAlgs,
    logLevel: values['log-level'],
    cpuProf: values['cpu-prof'],
    nodeArgs: values['node-arg'],
    pin: !values['no-pin'],
    build: !values['no-build'],
    // A smoke run (the test command) must not overwrite the last real benchmark's numbers.
    out: path.resolve(
      values.out ?? path.join(root, `bench/results/${smoke ? 'smoke' : 'latest'}.json`),
    ),
  }
}
