import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { freePort } from './free-port.js'

/**
 * How to run a Redis server here, or null. `redis-server` when installed; else Debian's
 * `redis-tools` package, whose `redis-check-rdb` is the very same executable and acts as the
 * server when started under the name `redis-server` (Redis picks its mode from argv[0]; Debian's
 * redis-server package is only a symlink to it plus a system service). The test command installs
 * redis-tools, so no service is ever installed, enabled or left running: the suite starts its own
 * Redis as a process of the run and stops it.
 */
export const redisCommand: { file: string; argv0: string } | null =
  [
    ['redis-server', 'redis-server'],
    ['redis-check-rdb', 'redis-server'],
  ]
    .map(([file, argv0]) => ({ file: file!, argv0: argv0! }))
    .find(({ file }) => spawnSync(file, ['--version']).status === 0) ?? null

/** A throwaway Redis on a free loopback port: no persistence, gone when killed. */
export async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  if (!redisCommand) throw new Error('no Redis binary (apt-get install redis-tools)')
  const port = await freePort()
  const child = spawn(
    redisCommand.file,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'], argv0: redisCommand.argv0 },
  )
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`redis did not start: ${out}`)), 10_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`redis exited ${code}: ${out}`)))
  })
  return { url: `redis://127.0.0.1:${port}`, process: child }
}
