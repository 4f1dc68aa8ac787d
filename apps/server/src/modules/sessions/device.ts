import type { SessionDevice } from '@wxlogin/shared/dto'
import UAParser from 'ua-parser-js'

/**
 * The device of a session in words a user recognises, from the user agent the mini-program sent
 * at sign-in. WeChat's mini-program user agents are a browser's plus `MicroMessenger/<version>`
 * (iOS: `… iPhone OS 17_0 … MicroMessenger/8.0.47(0x18002f2c) …`; Android names the model:
 * `…; V2055A Build/…`), which ua-parser-js reads as browser "WeChat" with the OS and, on Android,
 * the vendor and model. ua-parser-js 1.x is MIT (2.x is AGPL). It does not know WeChat's
 * developer tools, whose user agent imitates an iPhone: those are recognised here first.
 */

const DEVTOOLS = /\bwechatdevtools\/([\d.]+)/i

/** Vendors as their phones spell them; `Generic` means the parser does not know the vendor. */
const VENDOR_NAMES: Record<string, string | null> = {
  Apple: null,
  Generic: null,
  Vivo: 'vivo',
  Oppo: 'OPPO',
  Huawei: 'HUAWEI',
  Honor: 'HONOR',
}

const OS_NAMES: Record<string, string> = { 'Mac OS': 'macOS' }

const MODEL_NAMES: Record<string, string> = { Macintosh: 'Mac' }

/** `8.0.42.2460` → `8.0.42`: the version WeChat shows its users (the fourth part is a build). */
const shortVersion = (version: string): string => version.split('.').slice(0, 3).join('.')

const joined = (...parts: (string | undefined | null)[]): string | null =>
  parts.filter(Boolean).join(' ') || null

export function describeDevice(userAgent: string | null): SessionDevice | null {
  if (!userAgent) return null
  const devtools = DEVTOOLS.exec(userAgent)
  if (devtools)
    return {
      label: `微信开发者工具 ${devtools[1]}`,
      model: null,
      os: null,
      wechatVersion: null,
    }

  const { browser, os, device } = new UAParser(userAgent).getResult()
  const vendor =
    device.vendor === undefined
      ? null
      : Object.hasOwn(VENDOR_NAMES, device.vendor)
        ? VENDOR_NAMES[device.vendor]
        : device.vendor
  const model = joined(vendor, device.model && (MODEL_NAMES[device.model] ?? device.model))
  const system = joined(os.name && (OS_NAMES[os.name] ?? os.name), os.version)
  const wechatVersion =
    browser.name === 'WeChat' && browser.version ? shortVersion(browser.version) : null
  // Outside WeChat (the H5 build in a browser), the browser is what the user knows.
  const app = wechatVersion ? `微信 ${wechatVersion}` : joined(browser.name, browser.major)
  const label = [model, system, app].filter(Boolean).join(' · ')
  return label ? { label, model, os: system, wechatVersion } : null
}
