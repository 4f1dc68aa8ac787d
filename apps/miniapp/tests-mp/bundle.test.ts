import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareVersions } from '../src/services/base-library'
import { MIN_BASE_LIBRARY } from '../src/config/app-info'
import { assertBuilt, H5_DIST, MP_DIST } from './mp-harness'

/** WeChat refuses a main package over 2 MB; we want to notice long before that. */
const LIMIT_BYTES = 1.5 * 1024 * 1024

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? files(full) : [full]
  })
}

/** Strings that exist only in the H5 development login (services/dev-sim.ts and its callers). */
const H5_ONLY = [
  '/__sim/login-code',
  '/__sim/phone-code',
  'dev:',
  '__WXLOGIN_CONFIG__',
  'dev-user',
  '绑定手机号（模拟器）',
  'dev-privacy-agreed',
]

describe('mp-weixin bundle', () => {
  it('keeps the main package under 1.5 MB (WeChat allows 2 MB)', () => {
    assertBuilt(MP_DIST)
    const all = files(MP_DIST)
    const total = all.reduce((sum, file) => sum + statSync(file).size, 0)
    const vendor = statSync(path.join(MP_DIST, 'common/vendor.js')).size
    console.log(
      `mp-weixin main package: ${total} bytes (${(total / 1024).toFixed(1)} KiB) in ${all.length} files; common/vendor.js ${vendor} bytes`,
    )
    expect(total).toBeLessThan(LIMIT_BYTES)
  })

  it('contains none of the H5 development login', () => {
    assertBuilt(MP_DIST)
    assertBuilt(H5_DIST)
    const mp = files(MP_DIST)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    const h5 = files(H5_DIST)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    for (const marker of H5_ONLY) {
      // The marker must really be in the H5 build, or its absence here would prove nothing.
      expect(h5, `H5 build should contain ${marker}`).toContain(marker)
      expect(mp, `mp-weixin build must not contain ${marker}`).not.toContain(marker)
    }
  })

  it('tunnels PATCH through POST, since wx.request has no PATCH', () => {
    const transport = readFileSync(path.join(MP_DIST, 'services/uni-transport.js'), 'utf8')
    expect(transport).toContain('x-http-method-override')
  })
})

describe('mp-weixin app configuration', () => {
  const json = (file: string) =>
    JSON.parse(readFileSync(path.join(MP_DIST, file), 'utf8')) as Record<string, unknown>

  it('opts in to the privacy check and opens on the public home page with a tab bar', () => {
    const app = json('app.json')
    expect(app.__usePrivacyCheck__).toBe(true)
    expect((app.pages as string[])[0]).toBe('pages/home/index')
    const tabs = (app.tabBar as { list: Array<{ pagePath: string; text: string }> }).list
    expect(tabs.map((t) => [t.pagePath, t.text])).toEqual([
      ['pages/home/index', '首页'],
      ['pages/mine/index', '我的'],
    ])
  })

  it('asks for a base library with chooseAvatar (2.21.2) and the privacy APIs (2.32.3)', () => {
    const { libVersion } = json('project.config.json') as { libVersion: string }
    expect(compareVersions(libVersion, '2.21.2')).toBeGreaterThanOrEqual(0)
    expect(compareVersions(libVersion, '2.32.3')).toBeGreaterThanOrEqual(0)
    expect(compareVersions(MIN_BASE_LIBRARY, libVersion)).toBe(0)
  })

  it('this test build sets no trial or release API (only the release build may, after its check)', () => {
    const config = readFileSync(path.join(MP_DIST, 'services/api-config.js'), 'utf8')
    expect(config).not.toMatch(/example\.com/)
  })
})
