const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-03-05 14:07" in the phone's time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "刚刚", "5 分钟前", "3 小时前", else the date and time: how WeChat users read recent times. */
export function formatRecent(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟前`
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} 小时前`
  return formatDateTime(iso)
}
