// The three measured cases: login, GET /api/me with a bearer token, and the bare ceiling.
import { performance } from 'node:perf_hooks'
import { loginMix, loginRequests, mintCodes } from './codes.mjs'
import { load } from './load.mjs'
import { sampleProcesses } from './proc-stats.mjs'

/** The steady login rate we mint returning codes for, at least (per second). */
const MIN_PLANNED_RATE = 300
/** Minted codes allow for this much more than the warm-up's rate (the warm-up runs cold JIT). */
const RATE_HEADROOM = 2.5

async function simCalls(simUrl) {
  const res = await fetch(`${simUrl}/__sim/stats`)
  return (await res.json()).calls.jscode2session
}

/** Runs autocannon while sampling the server's memory and the CPU use of every process. */
async function measured(watch, params) {
  const stats = sampleProcesses(watch.server, watch.others)
  try {
    const result = await load(params)
    const { cpuSec, ...usage } = stats.stop()
    // CPU time per request varies far less with what else the machine runs than requests/s.
    const perRequest =
      cpuSec.server === null || result.requests === 0
        ? null
        : (cpuSec.server * 1000) / result.requests
    return {
      ...result,
      ...usage,
      serverCpuMsPerRequest: perRequest === null ? null : Math.round(perRequest * 1000) / 1000,
    }
  } catch (err) {
    stats.stop()
    throw err
  }
}

/**
 * The warm-up of the login case (it also warms the JIT): signs up pool users with one minted
 * code each, for at most `maxSec`, and returns the openids that got a 200, so every "returning"
 * login later is by a user who really exists, however slow the store is.
 */
async function signUpPool({ server, sim, opts, tag }) {
  const candidates = Array.from({ length: opts.poolSize }, (_, i) => `bench-${tag}-user-${i}`)
  const minted = await mintCodes(
    sim.url,
    candidates,
    1,
    Math.min(opts.connections, candidates.length),
  )
  const pool = []
  let next = 0
  const template = {
    method: 'POST',
    path: '/api/auth/wx-login',
    headers: { 'content-type': 'application/json' },
    setupRequest(req, context) {
      context.openid = candidates[next++ % candidates.length]
      return { ...req, body: `{"code":"${minted.get(context.openid)[0]}"}` }
    },
    // One request in flight per connection: the context is still that request's.
    onResponse: (status, _body, context) => void (status === 200 && pool.push(context.openid)),
  }
  const warm = await load({
    url: server.url,
    connections: opts.connections,
    amount: candidates.length,
    maxSec: opts.warmupSec * 2,
    requests: [template],
  })
  if (warm.non2xx > 0 || pool.length === 0)
    throw new Error(
      `login warm-up: ${pool.length} sign-ups, ${JSON.stringify(warm.statusCodes)}, ${warm.errors} errors`,
    )
  return { pool, warm }
}

/**
 * Login: the warm-up signs up the pool, then the measured run mixes first logins (`dev:` codes
 * of new users) and returning logins (minted codes of pool users), `returning` of them returning.
 */
export async function loginCase({ server, sim, watch, opts, tag, say }) {
  const { pool, warm } = await signUpPool({ server, sim, opts, tag })
  const plannedRate = Math.max(MIN_PLANNED_RATE, warm.requestsPerSec * RATE_HEADROOM)
  const count = Math.ceil(plannedRate * opts.durationSec)
  const returningCount = Math.floor(count * opts.returning)
  const perUser = Math.max(1, Math.ceil(returningCount / pool.length))
  const started = performance.now()
  const minted = returningCount > 0 ? await mintCodes(sim.url, pool, perUser) : new Map()
  say(
    `  login warm-up: ${pool.length} users signed up at ${warm.requestsPerSec} req/s; minted ${returningCount} codes for returning logins in ${Math.round(performance.now() - started)} ms`,
  )

  const codes = loginMix({ count, returning: opts.returning, minted, pool, tag })
  const { requests, stats } = loginRequests(codes)
  const callsBefore = await simCalls(sim.url)
  const result = await measured(watch, {
    url: server.url,
    connections: opts.connections,
    durationSec: opts.durationSec,
    requests,
  })
  const code2SessionCalls = (await simCalls(sim.url)) - callsBefore
  return {
    ...result,
    mix: {
      returningShare: opts.returning,
      poolUsers: pool.length,
      signUpRate: warm.requestsPerSec,
      codesPrepared: count,
      codesSent: stats.used,
      codesReused: stats.reused,
      code2SessionCalls,
    },
  }
}

/** Logs in once with a fresh `dev:` code and returns the access token. */
async function loginOnce(serverUrl, code) {
  const res = await fetch(`${serverUrl}/api/auth/wx-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  if (res.status !== 200)
    throw new Error(`login for /api/me: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()).accessToken
}

/** Signs one user in and reads GET /api/me once: the bearer header, and the body for the ceiling. */
export async function prepareMe({ server, tag }) {
  const token = await loginOnce(server.url, `dev:${tag}-me`)
  const headers = { authorization: `Bearer ${token}` }
  const res = await fetch(`${server.url}/api/me`, { headers })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`GET /api/me: HTTP ${res.status} ${body}`)
  return { headers, body }
}

/** GET /api/me with one user's bearer token. */
export async function meCase({ server, watch, opts, headers, body }) {
  const params = { url: `${server.url}/api/me`, connections: opts.connections, headers }
  await load({ ...params, durationSec: opts.warmupSec })
  const result = await measured(watch, { ...params, durationSec: opts.durationSec })
  return { ...result, bodyBytes: Buffer.byteLength(body) }
}

/** The bare node:http server returning the same bytes as /api/me. */
export async function ceilingCase({ ceiling, opts, bodyBytes }) {
  const params = { url: ceiling.url, connections: opts.connections }
  await load({ ...params, durationSec: opts.warmupSec })
  const result = await measured(
    { server: ceiling.pid },
    { ...params, durationSec: opts.durationSec },
  )
  return { ...result, bodyBytes }
}
