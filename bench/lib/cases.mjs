// The three measured cases: login, GET /api/me with a bearer token, and the bare ceiling.
import { performance } from 'node:perf_hooks'
import { loginMix, loginRequests, mintCodes } from './codes.mjs'
import { load } from './load.mjs'
import { sampleRss } from './rss.mjs'

/** The steady login rate we mint returning codes for, at least (per second). */
const MIN_PLANNED_RATE = 1500
/** Minted codes allow for this much more than the warm-up's rate (the warm-up runs cold JIT). */
const RATE_HEADROOM = 2.5

async function simCalls(simUrl) {
  const res = await fetch(`${simUrl}/__sim/stats`)
  return (await res.json()).calls.jscode2session
}

/** Runs autocannon while sampling the server's memory. */
async function measured(pid, params) {
  const rss = sampleRss(pid)
  try {
    const result = await load(params)
    return { ...result, ...rss.stop() }
  } catch (err) {
    rss.stop()
    throw err
  }
}

/**
 * Login: the warm-up signs up the pool (one minted code per pool user; this also warms the JIT),
 * then the measured run mixes first logins (`dev:` codes of new users) and returning logins
 * (minted codes of pool users), `returning` of them returning.
 */
export async function loginCase({ server, sim, opts, tag, say }) {
  const pool = Array.from({ length: opts.poolSize }, (_, i) => `bench-${tag}-user-${i}`)
  const warmCodes = await mintCodes(sim.url, pool, 1, Math.min(opts.connections, pool.length))
  const warm = await load({
    url: server.url,
    connections: opts.connections,
    amount: pool.length,
    requests: loginRequests(pool.map((openid) => warmCodes.get(openid)[0])).requests,
  })
  if (warm.ok2xx !== pool.length)
    throw new Error(
      `login warm-up: ${warm.ok2xx}/${pool.length} succeeded (${JSON.stringify(warm.statusCodes)}, ${warm.errors} errors)`,
    )

  const plannedRate = Math.max(MIN_PLANNED_RATE, warm.requestsPerSec * RATE_HEADROOM)
  const count = Math.ceil(plannedRate * opts.durationSec)
  const returningCount = Math.floor(count * opts.returning)
  const perUser = Math.max(1, Math.ceil(returningCount / pool.length))
  const started = performance.now()
  const minted = returningCount > 0 ? await mintCodes(sim.url, pool, perUser) : new Map()
  say(
    `  login: pool of ${pool.length} signed up at ${warm.requestsPerSec} req/s; minted ${returningCount} returning codes in ${Math.round(performance.now() - started)} ms`,
  )

  const codes = loginMix({ count, returning: opts.returning, minted, pool, tag })
  const { requests, stats } = loginRequests(codes)
  const callsBefore = await simCalls(sim.url)
  const result = await measured(server.pid, {
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
export async function meCase({ server, opts, headers, body }) {
  const params = { url: `${server.url}/api/me`, connections: opts.connections, headers }
  await load({ ...params, durationSec: opts.warmupSec })
  const result = await measured(server.pid, { ...params, durationSec: opts.durationSec })
  return { ...result, bodyBytes: Buffer.byteLength(body) }
}

/** The bare node:http server returning the same bytes as /api/me. */
export async function ceilingCase({ ceiling, opts, bodyBytes }) {
  const params = { url: ceiling.url, connections: opts.connections }
  await load({ ...params, durationSec: opts.warmupSec })
  const result = await measured(ceiling.pid, { ...params, durationSec: opts.durationSec })
  return { ...result, bodyBytes }
}
