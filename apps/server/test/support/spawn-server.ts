import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ServerProcess {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

/**
 * `node --import tsx src/main.ts` as a real process, with exactly the given environment (plus
 * PATH): nothing leaks in from the test runner's own environment.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, stdout: () => out, stderr: () => err, exited }
}

/** Waits until a JSON log line matches, or fails with what the process printed. */
export async function waitForLog(
  proc: ServerProcess,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    for (const text of proc.stdout().split('\n')) {
      if (!text.startsWith('{')) continue
      const line = JSON.parse(text) as Record<string, unknown>
      if (match(line)) return line
    }
    if (proc.child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no matching log line; stdout:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`)
}
