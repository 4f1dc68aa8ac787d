// One autocannon run, reduced to the numbers the report keeps.
import autocannon from 'autocannon'
import { clearTimeout, setTimeout } from 'node:timers'

/**
 * Runs autocannon against `url` and resolves to its summary. `requests` is autocannon's list of
 * request templates (a `setupRequest` can hand each request its own body); `amount` stops after
 * that many requests instead of after `durationSec`, or after `maxSec` if that comes first.
 */
export function load({
  url,
  connections,
  durationSec,
  amount,
  maxSec,
  method = 'GET',
  headers,
  body,
  requests,
}) {
  return new Promise((resolve, reject) => {
    let deadline
    const instance = autocannon(
      {
        url,
        connections,
        // autocannon notices the end of an `amount` run at its next sample tick (default 1 s).
        ...(amount ? { amount, sampleInt: 100 } : { duration: durationSec }),
        method,
        headers,
        body,
        requests,
        timeout: 10,
      },
      (err, result) => {
        clearTimeout(deadline)
        if (err) reject(err)
        else resolve(summarize(result))
      },
    )
    if (amount && maxSec) deadline = setTimeout(() => instance.stop(), maxSec * 1000)
    // autocannon keeps listening to SIGINT itself; a Ctrl-C stops the run early with its numbers.
    instance.on('error', reject)
  })
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

function summarize(r) {
  const completed = r.requests.total
  return {
    requestsPerSec: round(r.duration > 0 ? completed / r.duration : 0, 0),
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      mean: round(r.latency.average),
      max: r.latency.max,
    },
    requests: completed,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]),
    ),
    errors: r.errors,
    timeouts: r.timeouts,
    durationSec: round(r.duration),
    connections: r.connections,
  }
}
