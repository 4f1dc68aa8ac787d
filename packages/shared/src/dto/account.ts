import { z } from 'zod'
import { IsoDateTime, boundedText } from './common.js'

/**
 * The version of the user agreement and privacy policy a user accepted, as the mini-program names
 * it (its texts belong to the mini-program; the server knows only the current version,
 * AGREEMENT_VERSION). One line of 1-32 visible characters.
 */
export const AgreementVersion = boundedText(32).pipe(z.string().min(1, 'Version cannot be empty'))

/** The acceptance sent with a login (`agreement` on wx-login). */
export const AgreementAcceptance = z.object({ version: AgreementVersion })
export type AgreementAcceptance = z.infer<typeof AgreementAcceptance>

/** What the user accepted, and when (User.agreement). */
export const Agreement = z.object({ version: z.string(), acceptedAt: IsoDateTime })
export type Agreement = z.infer<typeof Agreement>

/** `POST /api/me/agreement`: record an acceptance after sign-in. */
export const AcceptAgreementRequest = z.object({ version: AgreementVersion }).strict()
export type AcceptAgreementRequest = z.infer<typeof AcceptAgreementRequest>

/**
 * `DELETE /api/me`: a fresh `wx.login` code of the same WeChat user, so that an access token
 * alone (a stolen one) cannot delete an account. `appId` names the mini-program the code comes
 * from when several share the server; it defaults to the user's own.
 */
export const DeleteAccountRequest = z
  .object({
    code: z.string().min(1).max(128),
    appId: z.string().min(1).max(64).optional(),
  })
  .strict()
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>
