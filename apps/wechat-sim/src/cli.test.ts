import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

function startCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

describe('wechat-sim CLI', () => {
  it('prints its URL with the bound port, answers, and exits 0 on SIGTERM', async () => {
    const child = startCli(['--port', '0', '--app', 'wxcli:s3cret', '--strict'])
    const exited = once(child, 'exit')
    const lines = createInterface({ input: child.stdout })
    const [line] = (await once(lines, 'line')) as [string]
    const url = /^wechat-sim listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line)
    expect(url?.[2]).not.toBe('0')
    const base = url?.[1] as string

    const minted = (await (await fetch(`${base}/__sim/login-code`, { method: 'POST' })).json()) as {
      code: string
    }
    const query = new URLSearchParams({
      appid: 'wxcli',
      secret: 's3cret',
      js_code: minted.code,
      grant_type: 'authorization_code',
    })
    const session = (await (
      await fetch(`${base}/sns/jscode2session?${query.toString()}`)
    ).json()) as Record<string, unknown>
    expect(session.openid).toBeDefined()
    query.set('js_code', 'dev:alice')
    const dev = (await (
      await fetch(`${base}/sns/jscode2session?${query.toString()}`)
    ).json()) as Record<string, unknown>
    expect(dev.errcode).toBe(40029)

    child.kill('SIGTERM')
    const [code, signal] = (await exited) as [number | null, string | null]
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  })

  it('exits 2 with usage on bad arguments', async () => {
    const child = startCli(['--app', 'no-colon'])
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(stderr).toMatch(/--app must be appid:secret/)
  })
})
