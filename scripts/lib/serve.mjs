// `npm start`'s last step: the server as a child whose life the launcher's PID stands for.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * Runs `cmd args` and exits with its status. SIGINT, SIGTERM and SIGHUP sent to the launcher are
 * passed on to the server once (SIGHUP as SIGTERM), so `kill <launcher pid>` stops the server
 * gracefully instead of orphaning it on its port.
 *
 * The server runs in its own process group: Ctrl-C signals the terminal's whole foreground group,
 * npm forwards the signal it got as well, and a server that saw a second SIGINT would cut its
 * graceful shutdown short. Here it sees exactly one, from the launcher.
 */
export function serve(cmd, args, options) {
  const child = spawn(cmd, args, {
    ...options,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  })
  const alive = () => child.exitCode === null && child.signalCode === null
  let forwarded = false
  const forward = (signal) => {
    if (forwarded || !alive()) return
    forwarded = true
    child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal)
  }
  for (const signal of FORWARDED) process.on(signal, forward)
  // The launcher dying of anything it can still react to takes the server with it.
  process.on('exit', () => alive() && child.kill('SIGTERM'))
  child.once('error', (err) => {
    console.error(`✖ could not start the server: ${err.message}`)
    process.exit(1)
  })
  child.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))
}
