import type { RequestMeta } from '../../request-meta.js'
import type { AgreementRecord, AuditRecord, UserRecord } from '../../store/store.js'

/**
 * True when the user has not accepted the current version (AGREEMENT_VERSION): never accepted,
 * or accepted another one. Any other version counts, older or not: the server knows only the
 * current version, and the texts belong to the mini-program.
 */
export const agreementRequired = (user: UserRecord, currentVersion: string): boolean =>
  user.agreement?.version !== currentVersion

/** The `agreement_accepted` audit entry, for a login that carried it or a later acceptance. */
export function agreementAudit(
  user: UserRecord,
  agreement: AgreementRecord,
  meta: RequestMeta,
  via: 'login' | 'me',
): Omit<AuditRecord, 'id'> {
  return {
    at: agreement.acceptedAt,
    action: 'agreement_accepted',
    actorId: user.id,
    targetId: user.id,
    ip: meta.ip,
    details: { version: agreement.version, via },
  }
}
