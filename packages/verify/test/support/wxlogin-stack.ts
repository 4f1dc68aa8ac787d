import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createWxlogin, type Wxlogin } from '@wxlogin/server'
import { startSimulator, type Simulator } from '@wxlogin/wechat-sim'

export const APP_ID = 'wxverify000000001'
const APP_SECRET = 'verify-app-secret-0123456789'

export type Key = { kid: string; privateKey: string } | { kid: string; secret: string }

export const ecKey = (kid: string): Key => ({
  kid,
  privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
})

/**
 * A real wxlogin (SQLite, the WeChat simulator) behind one HTTP server whose address never
 * changes: `use(keys)` rebuilds wxlogin on the same data with other JWT_KEYS, as a restart with a
 * new configuration would; `down()` makes every request fail at the socket, as an outage would.
 */
export interface WxloginStack {
  url: string
  jwksUrl: string
  /** How many times the key set was requested. */
  jwksFetches(): number
  use(keys: Key[], alg?: 'ES256' | 'HS256'): Promise<void>
  down(): void
  login(): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>
  close(): Promise<void>
}

export async function startWxloginStack(
  keys: Key[],
  alg: 'ES256' | 'HS256' = 'ES256',
): Promise<WxloginStack> {
  const sim: Simulator = await startSimulator({ apps: [{ appId: APP_ID, secret: APP_SECRET }] })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wxlogin-verify-'))
  let wxlogin: Wxlogin | null = null
  let handle: http.RequestListener | null = null
  let fetches = 0
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/jwks.json')) fetches++
    if (handle) handle(req, res)
    else req.socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const use: WxloginStack['use'] = async (next, nextAlg = alg) => {
    const previous = wxlogin
    wxlogin = await createWxlogin({
      env: {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        WX_APP_ID: APP_ID,
        WX_APP_SECRET: APP_SECRET,
        WECHAT_API_BASE: sim.url,
        JWT_ALG: nextAlg,
        JWT_KEYS: JSON.stringify(next),
        LOG_LEVEL: 'silent',
      },
    })
    const callback = wxlogin.app.callback()
    handle = (req, res) => void callback(req, res)
    await previous?.close()
  }
  await use(keys)

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    jwksFetches: () => fetches,
    use,
    down: () => void (handle = null),
    async login() {
      const { code } = sim.mintLoginCode({ appId: APP_ID })
      const res = await fetch(`${url}/api/auth/wx-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
      if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`)
      return (await res.json()) as Awaited<ReturnType<WxloginStack['login']>>
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await wxlogin?.close()
      await sim.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
