// Memory of a process from /proc/<pid>/status: VmRSS now, VmHWM (the kernel's own peak of
// resident memory since the process started). Both in MiB; null where /proc is not there.
import { readFileSync } from 'node:fs'
import { clearInterval, setInterval } from 'node:timers'

const KIB_PER_MIB = 1024

function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field) => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)
      return match ? Number(match[1]) / KIB_PER_MIB : null
    }
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') }
  } catch {
    return { rss: null, hwm: null }
  }
}

const round1 = (n) => (n === null ? null : Math.round(n * 10) / 10)

/**
 * Polls VmRSS every `intervalMs` while a case runs; `stop()` returns that case's peak and the
 * process's lifetime peak (VmHWM) at that moment.
 */
export function sampleRss(pid, intervalMs = 100) {
  let peak = readStatus(pid).rss
  const timer = setInterval(() => {
    const { rss } = readStatus(pid)
    if (rss !== null && (peak === null || rss > peak)) peak = rss
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      const { rss, hwm } = readStatus(pid)
      if (rss !== null && (peak === null || rss > peak)) peak = rss
      return { peakRssMiB: round1(peak), lifetimePeakRssMiB: round1(hwm) }
    },
  }
}

export function currentRss(pid) {
  const { rss, hwm } = readStatus(pid)
  return { rssMiB: round1(rss), lifetimePeakRssMiB: round1(hwm) }
}
