import { AcceptAgreementRequest, DeleteAccountRequest, User } from '../../dto/index.js'
import { noContent, route } from '../route.js'

/** Consent and account deletion (docs/account-lifecycle.md). */
export const accountRoutes = {
  acceptAgreement: route({
    method: 'POST',
    path: '/api/me/agreement',
    tag: 'profile',
    summary: 'Record acceptance of the user agreement and privacy policy',
    description:
      'For a user who accepts after signing in (a login can carry `agreement` instead). Audited as `agreement_accepted`.',
    auth: 'bearer',
    body: AcceptAgreementRequest,
    reply: User,
    errors: ['NOT_FOUND', 'DB_UNAVAILABLE'],
  }),
  deleteMe: route({
    method: 'DELETE',
    path: '/api/me',
    tag: 'profile',
    summary: 'Delete the account',
    description:
      '`code` is a fresh `wx.login` code of the same WeChat user (an access token alone cannot delete an account); a code of another WeChat user or mini-program is 403 and nothing is deleted. All or nothing: sessions revoked, profile, phone, unionid and the openid link erased, the avatar file removed when no one else uses it. The same WeChat user signing in later gets a new account. `wx.request` can send DELETE with a body; POST with `X-HTTP-Method-Override: DELETE` works too.',
    auth: 'bearer',
    body: DeleteAccountRequest,
    reply: noContent('The account is deleted.'),
    errors: [
      'FORBIDDEN',
      'WX_CODE_INVALID',
      'WX_CODE_USED',
      'WX_USER_BLOCKED',
      'WX_RATE_LIMITED',
      'WX_UPSTREAM_ERROR',
      'WX_UNAVAILABLE',
      'RATE_LIMITED',
      'DB_UNAVAILABLE',
    ],
  }),
}
