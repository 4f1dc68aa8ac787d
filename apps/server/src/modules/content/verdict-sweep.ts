import type { ContentConfig } from '../../content-config.js'
import type { Logger } from '../../logger.js'
import { expireStaleChecks, type VerdictDeps } from './image-verdicts.js'

export interface VerdictSweep {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>
}

/**
 * Every `sweepIntervalMs`, in each server process: image checks that got no verdict within
 * `verdictTimeoutMs` go to the moderation queue (expireStaleChecks; the store hands each check to
 * one instance). The timer never keeps the process alive, and sweeps never overlap.
 */
export function startVerdictSweep(
  deps: VerdictDeps & { logger: Logger },
  config: ContentConfig,
): VerdictSweep {
  let running: Promise<void> | null = null
  const sweep = () => {
    running ??= expireStaleChecks(deps, config.verdictTimeoutMs)
      .then((expired) => {
        if (expired > 0)
          deps.logger.warn({ expired }, 'avatar checks without a verdict: queued for an admin')
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'the verdict sweep failed; next time'))
      .finally(() => (running = null))
  }
  const timer = setInterval(sweep, config.sweepIntervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
