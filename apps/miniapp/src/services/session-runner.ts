import { ApiError, isApiError, type ApiClient } from '@wxlogin/shared/client'
import { endReasonOf, type EndReason } from './session-end'

/** What the runner needs from the auth store (which owns the state). */
export interface SessionHost {
  client: ApiClient
  signedIn(): boolean
  /** When the session would end by itself (epoch ms), if known. */
  sessionEndsAt(): number | null
  /** Changes whenever a session starts or ends. */
  generation(): number
  /** The login in flight, if any. */
  pendingLogin(): Promise<unknown> | null
  endSession(reason: EndReason | null): void
  /** A login without a tap (wx.login needs none). */
  relogin(): Promise<unknown>
  /** The reason on screen now (the re-login may have set one, e.g. `disabled`). */
  ended(): EndReason | null
  setEnded(reason: EndReason): void
}

/**
 * Runs signed-in calls for the auth store. When the session turns out to be over, it ends with
 * its reason; a session that only reached its natural end gets one silent re-login and the call
 * is tried again. Calls that fail together recover once: the later ones follow the first.
 */
export function createSessionRunner(host: SessionHost) {
  const settled = async () => {
    await host.pendingLogin()?.catch(() => undefined)
  }

  return async function run<T>(call: (api: ApiClient) => Promise<T>): Promise<T> {
    // A silent re-login in progress (another call found the session over): wait for it.
    await settled()
    if (!host.signedIn()) throw new ApiError('AUTH_REQUIRED', 401, 'Not signed in')
    const started = host.generation()
    let failure: unknown
    try {
      return await call(host.client)
    } catch (err) {
      failure = err
    }
    if (started !== host.generation()) {
      // A parallel call already ended this session (and may be logging in again): follow it.
      await settled()
      if (host.signedIn()) return call(host.client)
      throw failure
    }
    if (isApiError(failure) && failure.code === 'AUTH_TOKEN_INVALID' && host.signedIn()) {
      // Only a refresh tells an ended session from a token the server stopped accepting (a
      // rotated signing key): the refresh either works or fails with the real reason.
      try {
        await host.client.refresh()
        return await call(host.client)
      } catch (err) {
        failure = err
      }
    }
    const reason = endReasonOf(failure, host.sessionEndsAt(), Date.now())
    if (!reason) throw failure
    if (reason !== 'expired') {
      host.endSession(reason)
      throw failure
    }
    // No reason on screen while the silent re-login runs: only its failure needs words.
    host.endSession(null)
    try {
      await host.relogin()
    } catch (err) {
      if (host.ended() === null) host.setEnded('relogin-failed')
      throw err
    }
    return call(host.client)
  }
}
