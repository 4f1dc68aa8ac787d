/**
 * One line for a port the server cannot listen on, naming the port and the variable that moves
 * it, instead of a stack trace; null for any other error. The WeChat simulator listens first, so
 * a port that both could be is the simulator's only when it is not also the API's.
 */
export function listenFailure(
  err: unknown,
  ports: { api: number; simulator: number | null },
): string | null {
  const e = err as { syscall?: unknown; code?: unknown; port?: unknown; address?: unknown }
  if (e === null || typeof e !== 'object' || e.syscall !== 'listen') return null
  if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') return null
  const simulator = e.port === ports.simulator && e.port !== ports.api
  const [what, variable] = simulator
    ? ['the built-in WeChat simulator', 'WECHAT_SIM_PORT']
    : ['the API', 'PORT']
  const problem =
    e.code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this process lacks'
  const follows =
    !simulator && ports.simulator !== null
      ? ' (the simulator follows on PORT + 100 unless WECHAT_SIM_PORT is set)'
      : ''
  return `wxlogin: port ${String(e.port)} on ${String(e.address)} for ${what} ${problem}; set ${variable} to another port${follows}.`
}
