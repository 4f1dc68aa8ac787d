// What a process costs, from /proc: resident memory (VmRSS now, VmHWM = the kernel's peak since
// the process started) and CPU time (utime + stime). Null where /proc is not there.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { clearInterval, setInterval } from 'node:timers'

const KIB_PER_MIB = 1024
const round1 = (n) => (n === null ? null : Math.round(n * 10) / 10)

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

function memory(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const mib = (field) => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)
      return match ? Number(match[1]) / KIB_PER_MIB : null
    }
    return { rss: mib('VmRSS'), hwm: mib('VmHWM') }
  } catch {
    return { rss: null, hwm: null }
  }
}

/** CPU seconds used so far (user + system). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** The lifetime peak resident memory of a process, in MiB. */
export const lifetimePeakRssMiB = (pid) => round1(memory(pid).hwm)

/**
 * Samples the server's VmRSS every `intervalMs` while a case runs, and the CPU time of every
 * process in `others` (simulator, FerretDB) to show where the time went. `stop()` returns the
 * server's peak for the case, its lifetime peak, and each process's CPU seconds and % of one core.
 */
export function sampleProcesses(serverPid, others = {}, intervalMs = 100) {
  const pids = { server: serverPid, ...others }
  const startedAt = performance.now()
  const cpuBefore = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
  )
  let peak = memory(serverPid).rss
  const note = (rss) => {
    if (rss !== null && (peak === null || rss > peak)) peak = rss
  }
  const timer = setInterval(() => note(memory(serverPid).rss), intervalMs)
  return {
    stop() {
      clearInterval(timer)
      const { rss, hwm } = memory(serverPid)
      note(rss)
      const wallSec = (performance.now() - startedAt) / 1000
      const used = (name) => {
        const before = cpuBefore[name]
        const after = cpuSeconds(pids[name])
        return before === null || after === null ? null : after - before
      }
      const cpuSec = Object.fromEntries(Object.keys(pids).map((name) => [name, used(name)]))
      const cpuPct = Object.fromEntries(
        Object.entries(cpuSec).map(([name, sec]) => [
          name,
          sec === null ? null : Math.round((sec / wallSec) * 100),
        ]),
      )
      return { peakRssMiB: round1(peak), lifetimePeakRssMiB: round1(hwm), cpuPct, cpuSec }
    },
  }
}
