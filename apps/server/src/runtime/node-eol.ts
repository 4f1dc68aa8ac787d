/**
 * Node.js release lines and the day each stops getting security fixes
 * (https://github.com/nodejs/Release#release-schedule). Even majors are LTS for 30 months; odd
 * ones live about 8 months. A line missing here is newer than this table and counts as supported.
 * Update it when a new major ships (and with it the pinned runtime, scripts/lib/node-runtime.mjs).
 */
const END_OF_LIFE: Record<number, string> = {
  16: '2023-09-11',
  17: '2022-06-01',
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
}
const OLDEST_LISTED = 16

/** The warning to log when Node `version` (`v20.20.2`) is past its end of life on `now`, else null. */
export function nodeEndOfLifeWarning(version: string, now: Date): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1])
  if (!Number.isInteger(major)) return null
  const eol = END_OF_LIFE[major] ?? (major < OLDEST_LISTED ? 'long ago' : null)
  if (!eol || (eol !== 'long ago' && now < new Date(`${eol}T00:00:00Z`))) return null
  return (
    `Node.js ${version} reached end of life ${eol === 'long ago' ? eol : `on ${eol}`} and gets no ` +
    'security fixes: run wxlogin on Node 24 (npm start provides it) or 22'
  )
}
