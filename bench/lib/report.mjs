// The printed table and the targets of the issue, checked against one run's numbers.

const TARGETS = {
  loginRps: 2000,
  loginP99Ms: 50,
  meShareOfCeiling: 0.4,
  rssMiB: 150,
}

/** Each case's requests/s as a share of the ceiling measured in the same run. */
export function addCeilingRatios(cases) {
  const ceiling = cases.find((c) => c.case === 'ceiling')
  for (const c of cases) {
    c.ratioToCeiling =
      ceiling && ceiling.requestsPerSec > 0
        ? Math.round((c.requestsPerSec / ceiling.requestsPerSec) * 1000) / 1000
        : null
  }
}

export function checkTargets(cases, servers) {
  const targets = []
  const add = (name, target, actual, met) => targets.push({ name, target, actual, met })
  for (const c of cases.filter((x) => x.case === 'login')) {
    add(
      `login req/s (${c.store}, ${c.alg})`,
      `>= ${TARGETS.loginRps}`,
      c.requestsPerSec,
      c.requestsPerSec >= TARGETS.loginRps,
    )
    add(
      `login errors + non-2xx (${c.store}, ${c.alg})`,
      '0',
      c.errors + c.non2xx,
      c.errors + c.non2xx === 0,
    )
    add(
      `login p99 ms (${c.store}, ${c.alg})`,
      `<= ${TARGETS.loginP99Ms}`,
      c.latencyMs.p99,
      c.latencyMs.p99 <= TARGETS.loginP99Ms,
    )
  }
  for (const c of cases.filter((x) => x.case === 'me')) {
    const ok = c.ratioToCeiling !== null && c.ratioToCeiling >= TARGETS.meShareOfCeiling
    add(
      `/api/me share of ceiling (${c.store}, ${c.alg})`,
      `>= ${TARGETS.meShareOfCeiling}`,
      c.ratioToCeiling,
      ok,
    )
  }
  for (const s of servers) {
    add(
      `server peak RSS MiB (${s.store}, ${s.alg})`,
      `<= ${TARGETS.rssMiB}`,
      s.peakRssMiB,
      s.peakRssMiB !== null && s.peakRssMiB <= TARGETS.rssMiB,
    )
  }
  return targets
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  const line = (r) =>
    r
      .map((cell, i) => (i < 3 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ')
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n')
}

const fmt = (n, digits = 0) => (n === null || n === undefined ? '-' : Number(n).toFixed(digits))

/** One progress line per case: rate, latency, failures and where the CPU went. */
export function caseLine(name, r) {
  const cpu = Object.entries(r.cpuPct ?? {})
    .map(([proc, pct]) => `${proc} ${pct ?? '-'}%`)
    .join(', ')
  return `  ${name}: ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors; CPU: ${cpu}`
}

export function printReport({ cases, servers, targets, skipped, smoke, say }) {
  const rows = [
    [
      'case',
      'store',
      'alg',
      'req/s',
      'x ceiling',
      'p50 ms',
      'p99 ms',
      'non-2xx',
      'errors',
      'peak RSS MiB',
      'server CPU %',
      'CPU ms/req',
    ],
  ]
  for (const c of cases) {
    rows.push([
      c.label,
      c.store ?? '-',
      c.alg ?? '-',
      fmt(c.requestsPerSec),
      fmt(c.ratioToCeiling, 2),
      fmt(c.latencyMs.p50),
      fmt(c.latencyMs.p99),
      c.non2xx,
      c.errors,
      fmt(c.peakRssMiB, 1),
      fmt(c.cpuPct?.server),
      fmt(c.serverCpuMsPerRequest, 3),
    ])
  }
  say(`\n${table(rows)}`)
  for (const s of servers)
    say(`server (${s.store}, ${s.alg}) lifetime peak RSS (VmHWM): ${fmt(s.peakRssMiB, 1)} MiB`)
  for (const s of skipped) say(`skipped: ${s.what}: ${s.reason}`)
  // A 2-second smoke case says nothing about the targets; printing them would only add lines
  // of MISSED to every passing test run.
  if (smoke) return say('\ntargets: not judged in a smoke run (pnpm bench measures them)')
  say('\ntargets (reported, never fail the run):')
  for (const t of targets)
    say(
      `  ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${fmt(t.actual, Number.isInteger(t.actual) ? 0 : 2)} (target ${t.target})`,
    )
}
