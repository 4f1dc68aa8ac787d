import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, createWxlogin, type WechatClient, type Wxlogin } from '../src/index.js'
import { createStore } from '../src/store/create-store.js'
import type { Store } from '../src/store/store.js'
import { capturedLogger } from './support/log-capture.js'

const APP = { appId: 'wxinject000000001', secret: 'inject-app-secret-0123456789' }

/** A WeChat double: every code is a session of the openid it names. */
const wechat: WechatClient & { calls: number } = {
  calls: 0,
  code2Session(_app, code) {
    this.calls++
    return Promise.resolve({
      kind: 'session',
      session: { openid: `o-${code}`, sessionKey: 'k'.repeat(24), unionid: null },
    })
  },
  getPhoneNumber: () => Promise.reject(new Error('not in this test')),
  getWxacode: () => Promise.reject(new Error('not in this test')),
  checkText: () => Promise.reject(new Error('not in this test')),
  checkImage: () => Promise.reject(new Error('not in this test')),
}

describe('createWxlogin: the app without a listener, with injected ports', () => {
  let dataDir: string
  let store: Store
  let wxlogin: Wxlogin
  let server: http.Server
  let url = ''
  const { logger, lines } = capturedLogger()

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-inject-'))
    store = await createStore({ mongodbUri: null, dataDir })
    wxlogin = await createWxlogin({
      env: {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        WX_APP_ID: APP.appId,
        WX_APP_SECRET: APP.secret,
        JWT_SECRET: 'inject-jwt-secret-0123456789-0123456789',
      },
      store,
      wechat,
      logger,
    })
    const callback = wxlogin.app.callback()
    server = http.createServer((req, res) => void callback(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await wxlogin.close()
    await store.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('signs in through the injected WeChat client into the injected store, logging to the injected logger', async () => {
    const res = await fetch(`${url}/api/auth/wx-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'alice' }),
    })
    expect(res.status).toBe(200)
    const { user } = (await res.json()) as { user: { id: string } }
    expect(wechat.calls).toBe(1)
    expect((await store.users.findById(user.id))?.openid).toBe('o-alice')
    expect(lines.some((l) => l.includes('"route":"/api/auth/wx-login"'))).toBe(true)
    expect(wxlogin.simulatorUrl).toBeNull()
  })

  it('close() leaves an injected store open', async () => {
    const other = await createWxlogin({ config: wxlogin.config, store, wechat, logger })
    await other.close()
    await expect(store.ping()).resolves.toBeUndefined()
  })

  it('refuses an injected WeChat client without a configured mini-program', async () => {
    await expect(
      createWxlogin({ env: { NODE_ENV: 'test', DATA_DIR: dataDir }, wechat }),
    ).rejects.toBeInstanceOf(ConfigError)
  })
})
