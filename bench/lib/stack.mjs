// The processes under test: the WeChat simulator (CLI), the production server on a given store,
// and the bare node:http ceiling.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SERVER_NODE_FLAGS } from '../../apps/server/node-flags.mjs'
import { baseEnv, freePort, startProcess } from './processes.mjs'

export const ROOT = path.resolve(import.meta.dirname, '../..')
const SIM_CLI = path.join(ROOT, 'apps/wechat-sim/dist/cli.js')
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js')
const CEILING = path.join(ROOT, 'bench/ceiling-server.mjs')

/** One mini-program, known to both the simulator and the server, with a random AppSecret. */
export function benchApp() {
  return { appId: 'wxbench0000000001', secret: randomBytes(16).toString('hex') }
}

export async function startSim({ plan, app, workDir }) {
  const port = await freePort()
  const proc = await startProcess({
    plan,
    cpu: plan.loadCpu,
    name: 'wechat-sim',
    cmd: process.execPath,
    args: [
      SIM_CLI,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--app',
      `${app.appId}:${app.secret}`,
    ],
    env: baseEnv({ NODE_ENV: 'production' }),
    port,
    logFile: path.join(workDir, 'sim.log'),
  })
  return Object.assign(proc, { url: `http://127.0.0.1:${port}` })
}

/** The signing settings for one JWT algorithm: a 48-byte secret, or a fresh P-256 key. */
function jwtEnv(alg) {
  if (alg === 'HS256') return { JWT_SECRET: randomBytes(48).toString('hex') }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  return { JWT_ALG: 'ES256', JWT_KEYS: JSON.stringify([{ kid: 'bench', privateKey: pem }]) }
}

/**
 * The production server (dist/main.js) as operators run it: NODE_ENV=production, a real-looking
 * AppSecret and a JWT signing key (HS256: a 48-byte secret; ES256: a P-256 key), WeChat = the
 * simulator on loopback (ALLOW_LOOPBACK_WECHAT is the documented opt-in for that), rate limits on
 * but far above what the bench sends.
 */
export async function startServer({
  plan,
  app,
  simUrl,
  workDir,
  name,
  mongodbUri,
  logLevel,
  cpuProfDir,
  nodeArgs: extraNodeArgs = [],
  jwtAlg = 'HS256',
}) {
  const port = await freePort()
  const dataDir = path.join(workDir, `data-${name}`)
  await mkdir(dataDir, { recursive: true })
  // As shipped (apps/server/node-flags.mjs), then whatever --node-arg adds.
  const nodeArgs = [
    ...SERVER_NODE_FLAGS,
    ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
    ...extraNodeArgs,
  ]
  const env = baseEnv({
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...(mongodbUri ? { MONGODB_URI: mongodbUri } : {}),
    WX_APP_ID: app.appId,
    WX_APP_SECRET: app.secret,
    WECHAT_API_BASE: simUrl,
    ALLOW_LOOPBACK_WECHAT: 'true',
    ...jwtEnv(jwtAlg),
    LOG_LEVEL: logLevel,
    RATE_LIMIT_LOGIN_PER_MIN: '1000000000',
    RATE_LIMIT_REFRESH_PER_MIN: '1000000000',
  })
  const proc = await startProcess({
    plan,
    cpu: plan.serverCpu,
    name: `server (${name})`,
    cmd: process.execPath,
    args: [...nodeArgs, SERVER_MAIN],
    env,
    port,
    logFile: path.join(workDir, `server-${name}.log`),
    timeoutMs: 60_000,
  })
  return Object.assign(proc, { url: `http://127.0.0.1:${port}` })
}

/** The ceiling, answering every request with `body` (the bytes of a real /api/me response). */
export async function startCeiling({ plan, body, workDir }) {
  const port = await freePort()
  const bodyFile = path.join(workDir, 'ceiling-body.json')
  await writeFile(bodyFile, body)
  const proc = await startProcess({
    plan,
    cpu: plan.serverCpu,
    name: 'ceiling (bare node:http)',
    cmd: process.execPath,
    args: [CEILING, String(port), bodyFile],
    env: baseEnv({ NODE_ENV: 'production' }),
    port,
    logFile: path.join(workDir, 'ceiling.log'),
  })
  return Object.assign(proc, { url: `http://127.0.0.1:${port}` })
}
