import { describe, expect, it } from 'vitest'
import type { LoginTicketRecord } from '../../store/store.js'
import { hashToken } from '../../tokens/refresh-token.js'
import {
  newTicketId,
  newTicketSecret,
  plausibleTicketId,
  secretMatches,
  statusAt,
} from './login-ticket.js'

const ticket = (over: Partial<LoginTicketRecord> = {}): LoginTicketRecord => ({
  id: newTicketId(),
  kind: 'qr',
  pollTokenHash: hashToken('the-secret'),
  state: 'pending',
  createdAt: new Date(0),
  expiresAt: new Date(120_000),
  userAgent: null,
  ip: null,
  scannedBy: null,
  approvedBy: null,
  consumedAt: null,
  ...over,
})

describe('login tickets', () => {
  it('ids are WeChat scenes (≤ 32 visible characters) and secrets are 256-bit', () => {
    const id = newTicketId()
    expect(id).toMatch(/^[\w-]{22}$/)
    expect(plausibleTicketId(id)).toBe(true)
    expect(plausibleTicketId('../etc/passwd')).toBe(false)
    expect(plausibleTicketId('x'.repeat(33))).toBe(false)
    expect(Buffer.from(newTicketSecret(), 'base64url')).toHaveLength(32)
    expect(newTicketId()).not.toBe(id)
  })

  it('a secret matches its own hash only', () => {
    expect(secretMatches(ticket(), 'the-secret')).toBe(true)
    expect(secretMatches(ticket(), 'the-secreT')).toBe(false)
    expect(secretMatches(ticket({ pollTokenHash: 'abc' }), 'the-secret')).toBe(false)
  })

  it('reads expired from the clock, and approved once consumed', () => {
    expect(statusAt(ticket(), new Date(119_999))).toBe('pending')
    expect(statusAt(ticket({ state: 'scanned' }), new Date(120_000))).toBe('expired')
    expect(statusAt(ticket({ consumedAt: new Date(1) }), new Date(500_000))).toBe('approved')
  })
})
