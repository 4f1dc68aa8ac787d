import { Types } from 'mongoose'
import { pickProfile } from '../profile-fields.js'
import type { UserRecord } from '../store.js'
import type { UserDoc } from './models.js'

/** A stored user document as the port's record. */
export function toUserRecord(doc: UserDoc): UserRecord {
  return {
    id: doc._id.toHexString(),
    appId: doc.appId,
    openid: doc.openid,
    unionid: doc.unionid ?? null,
    phone: doc.phone ?? null,
    phoneNational: doc.phoneNational ?? null,
    phoneCountryCode: doc.phoneCountryCode ?? null,
    ...pickProfile(doc),
    roles: doc.roles ?? [],
    status: doc.status,
    loginCount: doc.loginCount,
    createdAt: doc.createdAt,
    lastLoginAt: doc.lastLoginAt,
    agreement: doc.agreement?.version
      ? { version: doc.agreement.version, acceptedAt: doc.agreement.acceptedAt }
      : null,
  }
}

/** A 24-hex ObjectId, or null for anything else (an unknown id is "not found", not an error). */
export function objectId(id: string): Types.ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null
}
