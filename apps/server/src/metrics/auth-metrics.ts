import { isAppError } from '../app-error.js'
import type { AuthMetrics } from './metrics.js'

interface CountedAuth {
  wxLogin(...args: never[]): Promise<{ isNewUser: boolean }>
  refresh(...args: never[]): Promise<unknown>
}

/**
 * Counts login outcomes (new / returning / failed by code) and refresh-token reuse around the
 * auth service, so the service itself stays free of instrumentation.
 */
export function withAuthMetrics<T extends CountedAuth>(
  metrics: AuthMetrics | undefined,
  service: T,
): T {
  if (!metrics) return service
  return {
    ...service,
    async wxLogin(...args: Parameters<T['wxLogin']>) {
      try {
        const result = await service.wxLogin(...args)
        metrics.login(result.isNewUser ? 'new' : 'returning')
        return result
      } catch (err) {
        metrics.login('failed', isAppError(err) ? err.code : 'INTERNAL')
        throw err
      }
    },
    async refresh(...args: Parameters<T['refresh']>) {
      try {
        return await service.refresh(...args)
      } catch (err) {
        if (isAppError(err) && err.code === 'REFRESH_TOKEN_REUSED') metrics.refreshReuse()
        throw err
      }
    },
  }
}
