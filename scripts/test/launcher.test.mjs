// `npm start` (scripts/run.mjs start) as a person uses it: stopped with `kill <pid>` or Ctrl-C,
// and started a second time on a port that is taken. Each start really installs (a no-op when
// node_modules is current) and builds (a turbo cache hit after the test command's build).
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort, launch, listening, logLines, waitFor } from './helpers.mjs'

const dataDirs = []
after(() => Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true }))))

async function startLauncher({ detached = false, port, env = {} } = {}) {
  const ports = { api: port ?? (await freePort()), sim: await freePort() }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wxlogin-launcher-'))
  dataDirs.push(dataDir)
  const proc = launch(process.execPath, ['scripts/run.mjs', 'start'], {
    detached,
    env: {
      ...process.env,
      PORT: String(ports.api),
      WECHAT_SIM_PORT: String(ports.sim),
      DATA_DIR: dataDir,
      ...env,
    },
  })
  return { ...proc, ports }
}

async function running(launcher) {
  await waitFor(
    `the server on port ${launcher.ports.api}:\n${launcher.output()}`,
    async () =>
      launcher.child.exitCode === null &&
      logLines(launcher.output()).some((line) => line.url) &&
      (await listening(launcher.ports.api)),
  )
}

const shutdowns = (launcher) =>
  logLines(launcher.output()).filter((line) => line.msg === 'shutting down')

describe('npm start', () => {
  it('kill <launcher pid> stops the server gracefully and frees both ports; exit 0', async () => {
    const launcher = await startLauncher()
    await running(launcher)
    launcher.child.kill('SIGTERM')
    const { code } = await launcher.exited
    assert.equal(code, 0, launcher.output())
    assert.deepEqual(
      shutdowns(launcher).map((line) => line.signal),
      ['SIGTERM'],
    )
    assert.equal(await listening(launcher.ports.api), false, 'the API port is still taken')
    assert.equal(await listening(launcher.ports.sim), false, 'the simulator port is still taken')
  })

  it("Ctrl-C (SIGINT to the terminal's foreground group) shuts the server down once", async () => {
    // detached: the launcher leads a process group of its own, as a shell's foreground job does.
    const launcher = await startLauncher({ detached: true })
    await running(launcher)
    process.kill(-launcher.child.pid, 'SIGINT')
    const { code } = await launcher.exited
    assert.equal(code, 0, launcher.output())
    assert.deepEqual(
      shutdowns(launcher).map((line) => line.signal),
      ['SIGINT'],
    )
    assert.equal(await listening(launcher.ports.api), false)
  })

  it('a busy port is one line naming the port and PORT; exit 1', async () => {
    const holder = net.createServer()
    await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address()
    try {
      const launcher = await startLauncher({ port })
      const { code } = await launcher.exited
      assert.equal(code, 1, launcher.output())
      const lines = launcher.output().split('\n')
      const problem = lines.filter((line) => line.startsWith('wxlogin: port'))
      assert.deepEqual(problem, [
        `wxlogin: port ${port} on 127.0.0.1 for the API is already in use; set PORT to another port (the simulator follows on PORT + 100 unless WECHAT_SIM_PORT is set).`,
      ])
      assert.equal(logLines(launcher.output()).filter((line) => line.level >= 50).length, 0)
      assert.doesNotMatch(launcher.output(), /\[redacted\]|at Server\.setupListenHandle/)
    } finally {
      await new Promise((resolve) => holder.close(resolve))
    }
  })
})
