import { Schema, type Connection, type SchemaDefinitionProperty, type Types } from 'mongoose'
import type { AuditAction, Role, UserStatus } from '@wxlogin/shared/dto'
import {
  PROFILE_FIELDS,
  PROFILE_KEYS,
  type Profile,
  type ProfileKind,
  type ProfileKey,
} from '../profile-fields.js'

/**
 * Document shapes. Optional unique keys (unionid, phone) are left out of the document when
 * absent, never stored as null: the unique indexes must skip them on every server (see indexes.ts).
 */
export interface UserDoc extends Profile {
  _id: Types.ObjectId
  appId: string
  openid: string
  unionid?: string
  phone?: string
  phoneNational?: string
  phoneCountryCode?: string
  roles: Role[]
  status: UserStatus
  loginCount: number
  createdAt: Date
  lastLoginAt: Date
  /** Absent or null until the user accepts the agreement. */
  agreement?: { version: string; acceptedAt: Date } | null
}

/**
 * A deletion under way (account-deletion.ts): written before the user is deleted and removed once
 * everything is done, so a crash in between is completed at the next start. No personal data.
 */
export interface AccountDeletionDoc {
  /** The user id. */
  _id: string
  appId: string
  requestedAt: Date
}

export interface SessionDoc {
  /** The id the service chose. */
  _id: string
  userId: string
  appId: string
  createdAt: Date
  expiresAt: Date
  lastUsedAt: Date
  revokedAt: Date | null
  revokedReason: string | null
  userAgent: string | null
  ip: string | null
}

export interface RefreshTokenDoc {
  /** sha256 of the token. */
  _id: string
  sessionId: string
  userId: string
  createdAt: Date
  usedAt: Date | null
  expiresAt: Date
}

export interface LoginCodeDoc {
  /** Hash of the login code. */
  _id: string
  appId: string
  openid: string
  unionid: string | null
  expiresAt: Date
}

export interface WxTokenDoc {
  /** The appId. */
  _id: string
  token: string
  expiresAt: Date
}

export interface WxLeaseDoc {
  /** The appId. */
  _id: string
  holder: string
  until: Date
}

export interface AuditDoc {
  _id: Types.ObjectId
  at: Date
  action: AuditAction
  actorId: string | null
  targetId: string | null
  ip: string | null
  details: Record<string, unknown>
}

export interface LoginTicketDoc {
  /** The ticket id. */
  _id: string
  kind: 'qr' | 'link'
  pollTokenHash: string
  state: 'pending' | 'scanned' | 'approved' | 'rejected'
  createdAt: Date
  expiresAt: Date
  userAgent: string | null
  ip: string | null
  scannedBy: string | null
  approvedBy: string | null
  consumedAt: Date | null
}

export const COLLECTIONS = {
  users: 'users',
  sessions: 'sessions',
  refreshTokens: 'refresh_tokens',
  loginCodes: 'login_codes',
  wxTokens: 'wx_access_tokens',
  wxLeases: 'wx_token_leases',
  audit: 'audit_log',
  accountDeletions: 'account_deletions',
  loginTickets: 'login_tickets',
} as const

/** Indexes are created explicitly at start-up from indexes.ts, never by mongoose's autoIndex. */
const options = { versionKey: false, autoIndex: false, autoCreate: false, strict: true } as const
const nullableString = { type: String, default: null }

/** The schema path of each profile kind (profile-fields.ts), defaults included. */
const KIND_PATHS = {
  text: () => ({ type: String, default: null }),
  gender: () => ({ type: Number, enum: [0, 1, 2], default: 0 }),
  review: () => ({ type: String, enum: ['pending', 'approved', 'rejected', null], default: null }),
} as const satisfies Record<ProfileKind, () => SchemaDefinitionProperty>

const profilePaths = () =>
  Object.fromEntries(
    PROFILE_KEYS.map((key) => [key, KIND_PATHS[PROFILE_FIELDS[key].kind]()]),
  ) as Record<ProfileKey, SchemaDefinitionProperty>

const userSchema = new Schema<UserDoc>(
  {
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    unionid: String,
    phone: String,
    phoneNational: String,
    phoneCountryCode: String,
    ...profilePaths(),
    roles: { type: [String], default: undefined },
    status: { type: String, required: true },
    loginCount: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
    agreement: {
      type: new Schema({ version: String, acceptedAt: Date }, { _id: false }),
      default: undefined,
    },
  },
  { ...options, collection: COLLECTIONS.users },
)

const accountDeletionSchema = new Schema<AccountDeletionDoc>(
  {
    _id: String,
    appId: { type: String, required: true },
    requestedAt: { type: Date, required: true },
  },
  { ...options, collection: COLLECTIONS.accountDeletions },
)

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    userId: { type: String, required: true },
    appId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedReason: nullableString,
    userAgent: nullableString,
    ip: nullableString,
  },
  { ...options, collection: COLLECTIONS.sessions },
)

const refreshTokenSchema = new Schema<RefreshTokenDoc>(
  {
    _id: String,
    sessionId: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: COLLECTIONS.refreshTokens },
)

const loginCodeSchema = new Schema<LoginCodeDoc>(
  {
    _id: String,
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    unionid: nullableString,
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: COLLECTIONS.loginCodes },
)

const wxTokenSchema = new Schema<WxTokenDoc>(
  {
    _id: String,
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: COLLECTIONS.wxTokens },
)

const wxLeaseSchema = new Schema<WxLeaseDoc>(
  { _id: String, holder: { type: String, required: true }, until: { type: Date, required: true } },
  { ...options, collection: COLLECTIONS.wxLeases },
)

const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    actorId: nullableString,
    targetId: nullableString,
    ip: nullableString,
    details: { type: Schema.Types.Mixed, default: {} },
  },
  // minimize: false keeps `details: {}` instead of dropping the empty object.
  { ...options, minimize: false, collection: COLLECTIONS.audit },
)

const loginTicketSchema = new Schema<LoginTicketDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    pollTokenHash: { type: String, required: true },
    state: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    userAgent: nullableString,
    ip: nullableString,
    scannedBy: nullableString,
    approvedBy: nullableString,
    consumedAt: { type: Date, default: null },
  },
  { ...options, collection: COLLECTIONS.loginTickets },
)

/** The models, bound to the store's own connection (never mongoose's global one). */
export function createModels(conn: Connection) {
  return {
    User: conn.model<UserDoc>('User', userSchema),
    Session: conn.model<SessionDoc>('Session', sessionSchema),
    RefreshToken: conn.model<RefreshTokenDoc>('RefreshToken', refreshTokenSchema),
    LoginCode: conn.model<LoginCodeDoc>('LoginCode', loginCodeSchema),
    WxToken: conn.model<WxTokenDoc>('WxToken', wxTokenSchema),
    WxLease: conn.model<WxLeaseDoc>('WxLease', wxLeaseSchema),
    Audit: conn.model<AuditDoc>('Audit', auditSchema),
    AccountDeletion: conn.model<AccountDeletionDoc>('AccountDeletion', accountDeletionSchema),
    LoginTicket: conn.model<LoginTicketDoc>('LoginTicket', loginTicketSchema),
  }
}

export type Models = ReturnType<typeof createModels>
