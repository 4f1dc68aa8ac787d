import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { listenFailure } from './listen-failure.js'

/** The error Node gives for a port that is taken, as the server would get it. */
async function busyPortError(): Promise<{ err: unknown; port: number }> {
  const holder = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  const { port } = holder.address() as { port: number }
  const second = createServer()
  const err = await new Promise((resolve) => {
    second.once('error', resolve)
    second.listen(port, '127.0.0.1')
  })
  await new Promise((resolve) => holder.close(resolve))
  return { err, port }
}

describe('listenFailure', () => {
  it('names the port and PORT when the API port is taken', async () => {
    const { err, port } = await busyPortError()
    expect(listenFailure(err, { api: port, simulator: port + 100 })).toBe(
      `wxlogin: port ${port} on 127.0.0.1 for the API is already in use; set PORT to another port (the simulator follows on PORT + 100 unless WECHAT_SIM_PORT is set).`,
    )
  })

  it("names WECHAT_SIM_PORT when the simulator's port is taken", async () => {
    const { err, port } = await busyPortError()
    expect(listenFailure(err, { api: 3000, simulator: port })).toMatch(
      new RegExp(`^wxlogin: port ${port} .* simulator is already in use; set WECHAT_SIM_PORT `),
    )
  })

  it('leaves every other error to the fatal log', () => {
    expect(listenFailure(new Error('boom'), { api: 3000, simulator: null })).toBeNull()
    expect(listenFailure(null, { api: 3000, simulator: null })).toBeNull()
  })
})
