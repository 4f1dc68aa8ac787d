import type { RouteHandlers } from '../../http/handler.js'
import type { PhoneService } from './phone.service.js'

export function phoneHandlers(service: PhoneService): RouteHandlers<'bindPhone'> {
  return {
    bindPhone: ({ auth, body, meta }) => service.bind(auth.user, body.code, { ip: meta.ip }),
  }
}
