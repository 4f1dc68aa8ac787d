import type { RouteHandlers } from '../../http/handler.js'
import type { AccountService } from './account.service.js'

export function accountHandlers(
  service: AccountService,
): RouteHandlers<'acceptAgreement' | 'deleteMe'> {
  return {
    acceptAgreement: ({ auth, body, meta }) =>
      service.acceptAgreement(auth.user, body.version, meta),
    deleteMe: ({ auth, body }) => service.deleteAccount(auth.user, body),
  }
}
