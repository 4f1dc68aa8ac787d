// Login codes for the login case. Every benchmarked login presents a code the server has never
// seen, so every one makes a real code2Session round-trip to the simulator, as in production
// (the server keeps a code's first exchange for 5 minutes, so repeating one code would mostly
// measure that cache):
// - a first login (sign-up) uses `dev:<unique name>`: a reusable simulator code whose openid
//   is derived from the name, so a new name is a new user, and nothing needs minting;
// - a returning login uses a single-use code minted in advance by the simulator's control API
//   (`POST /__sim/login-code { openid }`) for a user of the pool that the warm-up signed up.
import autocannon from 'autocannon'

/**
 * Mints `perUser` single-use codes for each openid of `pool` and returns them grouped by openid.
 * autocannon does the minting: ~10k codes/s on a quiet core, several times a plain http loop.
 */
export function mintCodes(simUrl, pool, perUser, connections = 32) {
  const byOpenid = new Map(pool.map((openid) => [openid, []]))
  let next = 0
  const template = {
    method: 'POST',
    path: '/__sim/login-code',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: `{"openid":"${pool[next++ % pool.length]}"}` }),
    onResponse(status, body) {
      if (status !== 200) return
      const { code, openid } = JSON.parse(body)
      byOpenid.get(openid)?.push(code)
    },
  }
  const amount = pool.length * perUser
  return new Promise((resolve, reject) => {
    autocannon(
      { url: simUrl, connections, amount, sampleInt: 100, requests: [template] },
      (err, result) => {
        if (err) return reject(err)
        if (result.non2xx > 0 || result.errors > 0)
          return reject(
            new Error(`minting codes: ${result.non2xx} non-2xx, ${result.errors} errors`),
          )
        resolve(byOpenid)
      },
    )
  })
}

/**
 * The codes of the measured logins, in request order. A share `returning` of them are minted
 * codes of pool users (round-robin over the pool), the rest `dev:` codes of new users. The mix
 * is spread evenly: with 0.5, every other login is a returning one.
 */
export function loginMix({ count, returning, minted, pool, tag }) {
  const codes = new Array(count)
  let returningSeen = 0
  for (let i = 0; i < count; i++) {
    const isReturning = Math.floor((i + 1) * returning) > Math.floor(i * returning)
    if (isReturning) {
      const k = returningSeen++
      codes[i] = minted.get(pool[k % pool.length])[Math.floor(k / pool.length)]
    } else codes[i] = `dev:${tag}-${i}`
  }
  return codes
}

/**
 * An autocannon request template that sends each code once, in order. If the run outlasts the
 * codes, it starts over; those logins present a used code (the server answers from its 5-minute
 * code cache) and `stats.reused` counts them so the report can say so.
 */
export function loginRequests(codes) {
  const stats = { used: 0, reused: 0 }
  const template = {
    method: 'POST',
    path: '/api/auth/wx-login',
    headers: { 'content-type': 'application/json' },
    setupRequest(req) {
      const i = stats.used++
      if (i >= codes.length) stats.reused++
      return { ...req, body: `{"code":"${codes[i % codes.length]}"}` }
    },
  }
  return { requests: [template], stats }
}
