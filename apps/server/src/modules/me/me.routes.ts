import type { RouteHandlers } from '../../http/handler.js'
import type { MeService } from './me.service.js'

export function meHandlers(service: MeService): RouteHandlers<'getMe' | 'updateMe'> {
  return {
    getMe: ({ auth }) => service.get(auth.user),
    updateMe: ({ auth, body }) => service.update(auth.user, body),
  }
}
