import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, defaultDataDir, parseConfig } from './config.js'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

describe('DATA_DIR', () => {
  it("defaults to the repository's .data whatever the working directory", () => {
    expect(parseConfig({}).dataDir).toBe(path.join(REPO, '.data'))
    expect(defaultDataDir()).toBe(path.join(REPO, '.data'))
  })

  it('defaults to .data beside the package outside a wxlogin checkout', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wxlogin-deployed-'))
    try {
      const server = path.join(dir, 'srv', 'app')
      await mkdir(server, { recursive: true })
      expect(defaultDataDir(server)).toBe(path.join(server, '.data'))
      await writeFile(path.join(dir, 'package.json'), '{"name":"someone-else"}')
      expect(defaultDataDir(server)).toBe(path.join(server, '.data'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a DATA_DIR that is set is used (relative to the working directory)', () => {
    expect(parseConfig({ DATA_DIR: '/var/lib/wxlogin' }).dataDir).toBe('/var/lib/wxlogin')
    expect(parseConfig({ DATA_DIR: 'rel' }).dataDir).toBe(path.resolve('rel'))
  })
})

describe("the built-in simulator's port", () => {
  const simPort = (env: Record<string, string>) => parseConfig(env).simulator?.port

  it('follows PORT + 100 unless WECHAT_SIM_PORT is set', () => {
    expect(simPort({})).toBe(3100)
    expect(simPort({ PORT: '3001' })).toBe(3101)
    expect(simPort({ PORT: '3001', WECHAT_SIM_PORT: '4000' })).toBe(4000)
  })

  it('is any free port when PORT is 0 or PORT + 100 is past 65535', () => {
    expect(simPort({ PORT: '0' })).toBe(0)
    expect(simPort({ PORT: '65500' })).toBe(0)
  })

  it('may not be the API port', () => {
    expect(() => parseConfig({ PORT: '4000', WECHAT_SIM_PORT: '4000' })).toThrow(ConfigError)
    expect(() => parseConfig({ PORT: '4000', WECHAT_SIM_PORT: '4000' })).toThrow(
      /WECHAT_SIM_PORT: must differ from PORT/,
    )
  })
})
