import type { RouteHandlers } from '../../http/handler.js'
import type { ModerationService } from './moderation.service.js'

/** The route table puts a bearer token and the `admin` role in front of both. */
export function moderationHandlers(
  service: ModerationService,
): RouteHandlers<'listModeration' | 'decideModeration'> {
  return {
    listModeration: ({ query }) => service.list(query),
    decideModeration: ({ auth, params, body, meta }) =>
      service.decide({ user: auth.user, ip: meta.ip }, params.id, body),
  }
}
