import { describe, expect, it } from 'vitest'
import { nodeEndOfLifeWarning } from './node-eol.js'

const on = (day: string) => new Date(`${day}T12:00:00Z`)

describe('nodeEndOfLifeWarning', () => {
  it('warns about Node 20 from 2026-04-30 on, not before', () => {
    expect(nodeEndOfLifeWarning('v20.20.2', on('2026-04-29'))).toBeNull()
    expect(nodeEndOfLifeWarning('v20.20.2', on('2026-04-30'))).toMatch(
      /^Node.js v20.20.2 reached end of life on 2026-04-30 .*Node 24/,
    )
  })

  it('warns about odd majors past their short life and anything older than the table', () => {
    expect(nodeEndOfLifeWarning('v23.11.0', on('2026-01-01'))).toMatch(/on 2025-06-01/)
    expect(nodeEndOfLifeWarning('v25.2.0', on('2026-01-01'))).toBeNull()
    expect(nodeEndOfLifeWarning('v25.2.0', on('2026-06-02'))).toMatch(/on 2026-06-01/)
    expect(nodeEndOfLifeWarning('v14.21.3', on('2026-01-01'))).toMatch(/end of life long ago/)
  })

  it('is quiet on the supported lines and on a major newer than the table', () => {
    for (const version of ['v22.23.5', 'v24.22.3', 'v30.0.0'])
      expect(nodeEndOfLifeWarning(version, on('2026-12-02'))).toBeNull()
  })
})
