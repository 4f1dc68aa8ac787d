import { isIP } from 'node:net'

/**
 * An IP address with the part that points at one subscriber hidden: `203.0.113.7` →
 * `203.0.113.*`; an IPv6 address keeps its first 48 bits, the usual site prefix
 * (`2001:db8:85a3::8a2e:370:7334` → `2001:db8:85a3:*`), as analytics tools anonymise addresses.
 * An IPv4 address seen through a dual-stack socket (`::ffff:203.0.113.7`) is shown as IPv4.
 * Anything else is null: nothing is better than something misleading.
 */
export function maskIp(ip: string | null): string | null {
  if (!ip) return null
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1]
  const v4 = mapped ?? ip
  if (isIP(v4) === 4) return `${v4.split('.').slice(0, 3).join('.')}.*`
  const address = ip.split('%')[0] ?? ''
  if (isIP(address) !== 6) return null
  return `${hextets(address).slice(0, 3).join(':')}:*`
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded, each without leading zeros. */
function hextets(address: string): string[] {
  const [head = '', tail] = address.split('::')
  const groups = (part: string) => (part ? part.split(':').flatMap(embeddedV4) : [])
  const start = groups(head)
  const end = tail === undefined ? [] : groups(tail)
  const zeros = Array<string>(8 - start.length - end.length).fill('0')
  return [...start, ...zeros, ...end].map((g) => g.replace(/^0+(?=.)/, '').toLowerCase())
}

/** A trailing dotted IPv4 part (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) is two groups. */
function embeddedV4(group: string): string[] {
  if (!group.includes('.')) return [group]
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number)
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)]
}
