import { createHash } from 'node:crypto'

/**
 * The stable openid a `dev:<name>` code maps to for `appId`: 28 characters starting with 'o',
 * like a real openid, so length/charset checks in the server see a realistic value. Per app,
 * because a real openid is per mini-program.
 */
export function devOpenid(appId: string, name: string): string {
  const digest = createHash('sha256').update(`${appId}:${name}`).digest('base64url')
  return `o${digest.slice(0, 27)}`
}
