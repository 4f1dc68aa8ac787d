import { describe, expect, it } from 'vitest'
import { capturedLogger } from '../test/support/log-capture.js'

function capture() {
  const { logger, lines } = capturedLogger()
  return {
    logger,
    lines: { at: (i: number) => JSON.parse(lines[i] ?? '{}') as Record<string, any> },
    raw: lines,
  }
}

describe('log redaction', () => {
  it("shows a system error's code: a busy port says EADDRINUSE, not [redacted]", () => {
    const { logger, lines } = capture()
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
      port: 3000,
    })
    logger.error({ err }, 'failed')
    expect(lines.at(0).err.code).toBe('EADDRINUSE')
    logger.error({ err: Object.assign(new Error('dup'), { code: 11000 }) }, 'mongo')
    expect(lines.at(1).err.code).toBe(11000)
  })

  it('still hides a login code, wherever it is logged', () => {
    const { logger, lines, raw } = capture()
    const code = '0816LdGa1hVxYE0R3mIa1aBxXa16LdGO'
    const phoneCode = 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144'
    logger.info({ code, body: { code }, err: Object.assign(new Error('x'), { code }) }, 'login')
    logger.info({ code: 'dev:alice', phone: { code: phoneCode } }, 'phone')
    expect(lines.at(0).code).toBe('[redacted]')
    expect(lines.at(0).body.code).toBe('[redacted]')
    expect(lines.at(0).err.code).toBe('[redacted]')
    expect(lines.at(1).code).toBe('[redacted]')
    for (const secret of [code, phoneCode, 'dev:alice']) expect(raw.join('')).not.toContain(secret)
  })
})
