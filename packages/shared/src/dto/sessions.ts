import { z } from 'zod'
import { IsoDateTime } from './common.js'

/**
 * The device of a session in words a user recognises, read from the user agent the mini-program
 * sent at sign-in (WeChat's `MicroMessenger/…`, the OS, the phone model where Android names it).
 */
export const SessionDevice = z
  .object({
    /** e.g. `iPhone · iOS 17.0 · 微信 8.0.47`, `vivo V2055A · Android 13 · 微信 8.0.42`. */
    label: z.string(),
    /** `iPhone`, `iPad`, `vivo V2055A`; null when the user agent does not say. */
    model: z.string().nullable(),
    /** `iOS 17.0`, `Android 13`, `Windows 10`. */
    os: z.string().nullable(),
    /** WeChat's version (`8.0.47`); null outside WeChat. */
    wechatVersion: z.string().nullable(),
  })
  .meta({ description: 'The device, parsed from the user agent; null when nothing is known.' })
export type SessionDevice = z.infer<typeof SessionDevice>

/** One signed-in device: a refresh-token family that has not ended. */
export const Session = z.object({
  id: z.string(),
  /** True for the session of the access token making the request. */
  current: z.boolean(),
  appId: z.string(),
  createdAt: IsoDateTime,
  /** The last sign-in or token refresh on that device; now for the current session. */
  lastUsedAt: IsoDateTime,
  userAgent: z.string().nullable(),
  /** Masked: `203.0.113.*`, or the first 48 bits of an IPv6 address (`2001:db8:85a3:*`). */
  ip: z.string().nullable(),
  device: SessionDevice.nullable(),
})
export type Session = z.infer<typeof Session>

/** Active sessions only, newest use first. */
export const SessionList = z.object({ items: z.array(Session) })
export type SessionList = z.infer<typeof SessionList>
