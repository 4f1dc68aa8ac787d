import { describe, expect, it } from 'vitest'
import { maskIp } from './masked-ip.js'

describe('maskIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.*'],
    ['127.0.0.1', '127.0.0.*'],
    ['::ffff:203.0.113.7', '203.0.113.*'],
    ['::FFFF:198.51.100.200', '198.51.100.*'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3:*'],
    ['2001:0DB8:0000:0042:0000:8a2e:0370:7334', '2001:db8:0:*'],
    ['2001:db8::1', '2001:db8:0:*'],
    ['fe80::1%eth0', 'fe80:0:0:*'],
    ['::1', '0:0:0:*'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:*'],
  ])('%s → %s', (ip, masked) => {
    expect(maskIp(ip)).toBe(masked)
  })

  it.each([null, '', 'unknown', '203.0.113', '999.1.1.1', 'example.com'])('%j → null', (ip) => {
    expect(maskIp(ip)).toBeNull()
  })
})
