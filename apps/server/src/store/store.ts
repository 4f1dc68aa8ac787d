import type { AuditAction, Role, UserStatus } from '@wxlogin/shared/dto'
import type { MediaCheckRepo, ModerationRepo } from './content-repos.js'
import type { Profile } from './profile-fields.js'

/**
 * The storage port. Two adapters implement it: the embedded SQLite store (zero config) and the
 * MongoDB store (MONGODB_URI). Both pass the same conformance suite (test/store/store-conformance.ts).
 *
 * Adapters signal failures with AppError only: `CONFLICT` for a broken uniqueness rule,
 * `DB_UNAVAILABLE` when the database cannot be reached. Everything else is a bug (INTERNAL).
 */

export type { Gender, Profile } from './profile-fields.js'
export type {
  LoginTicketRecord,
  LoginTicketRepo,
  LoginTicketState,
  LoginTicketTransition,
} from './login-tickets.js'
import type { LoginTicketRepo } from './login-tickets.js'

/** An accepted version of the user agreement and privacy policy, and when (docs/account-lifecycle.md). */
export interface AgreementRecord {
  version: string
  acceptedAt: Date
}
export type * from './content-repos.js'

export interface UserRecord extends Profile {
  id: string
  appId: string
  openid: string
  unionid: string | null
  /** E.164, e.g. `+8613800138000`; unique when present. */
  phone: string | null
  /** The number without country code, e.g. `13800138000` (what WeChat calls purePhoneNumber). */
  phoneNational: string | null
  phoneCountryCode: string | null
  roles: Role[]
  status: UserStatus
  loginCount: number
  createdAt: Date
  lastLoginAt: Date
  agreement: AgreementRecord | null
}

export interface UpsertLoginInput {
  appId: string
  openid: string
  unionid?: string | null
  /** Profile fields to write (already filtered of WeChat's anonymous placeholders). */
  profile?: Partial<Profile>
  /** An acceptance sent with this login: recorded in the same write (replacing an earlier one). */
  agreement?: AgreementRecord
  now: Date
}

export interface PhoneInput {
  phone: string
  phoneNational: string
  phoneCountryCode: string
}

export interface UserListQuery {
  /** Nickname substring (case-insensitive), or exact id, openid, unionid, phone or national phone. */
  q?: string
  status?: UserStatus
  /** Users who hold this role. */
  role?: Role
  /** Default createdAt, newest first; ties broken by id in the same direction. */
  sort?: 'createdAt' | 'lastLoginAt'
  order?: 'desc' | 'asc'
  page: number
  pageSize: number
}

/** Counts for the admin dashboard. */
export interface UserStats {
  total: number
  active: number
  disabled: number
  /** Created at or after the `since` given. */
  createdSince: number
}

/** A profile update: the user before and after, read and written atomically. */
export interface ProfileChange {
  before: UserRecord
  after: UserRecord
}

export interface UserRepo {
  /**
   * First login creates, later logins update, atomically: concurrent first logins of one
   * (appId, openid) yield one user and exactly one `isNew: true`. Counts the login, sets
   * lastLoginAt, back-fills unionid when the user has none, applies `profile` fields.
   * A disabled user is returned as stored and nothing is written: a refused login changes
   * nothing on the account.
   */
  upsertOnLogin(input: UpsertLoginInput): Promise<{ user: UserRecord; isNew: boolean }>
  findById(id: string): Promise<UserRecord | null>
  updateProfile(id: string, patch: Partial<Profile>): Promise<ProfileChange | null>
  /**
   * updateProfile, only while the fields in `expected` still hold those values (null otherwise,
   * or for an unknown user): a verdict on content applies only to the content it judged, not to
   * what the user has put there since.
   */
  updateProfileIf(
    id: string,
    expected: Partial<Profile>,
    patch: Partial<Profile>,
  ): Promise<ProfileChange | null>
  /**
   * True when some user's avatarUrl ends with `/<fileName>`, whatever its origin (avatar URLs
   * carry PUBLIC_URL or the uploading request's host). Never cached: deleting a file hangs on it.
   */
  avatarInUse(fileName: string): Promise<boolean>
  /** The users whose avatarUrl ends with `/<fileName>` (at most `limit`), whatever its origin. */
  listByAvatarFile(fileName: string, limit: number): Promise<UserRecord[]>
  /** CONFLICT when the phone is bound to another user. */
  setPhone(id: string, phone: PhoneInput): Promise<UserRecord | null>
  updateAccount(
    id: string,
    patch: { status?: UserStatus; roles?: Role[] },
  ): Promise<UserRecord | null>
  /** Newest first (createdAt desc, then id) unless the query says otherwise. Deleted accounts are not listed. */
  list(query: UserListQuery): Promise<{ items: UserRecord[]; total: number }>
  /** Records an acceptance (replacing an earlier one); null when there is no such user. */
  acceptAgreement(id: string, agreement: AgreementRecord): Promise<UserRecord | null>
  /**
   * Deletes an account, all or nothing: the user (profile, phone, unionid, the openid link: a
   * later login of the same WeChat user creates a new user), every session revoked and stripped
   * of its IP and user agent, the refresh tokens deleted, and one `account_deleted` audit entry
   * (actor and target the user id, no IP, no personal data) at `now`. Returns the user as it was,
   * or null when there is no such user (nothing is written then).
   *
   * Safe to call again for the same id, also after a crash half-way: SQLite does it in one
   * transaction; MongoDB in an order of writes that a re-run completes (see pendingDeletions and
   * docs/account-lifecycle.md).
   */
  deleteAccount(id: string, now: Date): Promise<UserRecord | null>
  /**
   * Ids of deletions a crash interrupted, for deleteAccount to complete (at start-up). Always
   * empty on SQLite, where a deletion is one transaction.
   */
  pendingDeletions(): Promise<string[]>
  stats(since: Date): Promise<UserStats>
}

export interface SessionRecord {
  id: string
  userId: string
  appId: string
  createdAt: Date
  /** Absolute end of the refresh family. */
  expiresAt: Date
  lastUsedAt: Date
  revokedAt: Date | null
  revokedReason: string | null
  userAgent: string | null
  ip: string | null
}

export interface RefreshTokenRecord {
  /** sha256 of the token; the token itself is never stored. */
  hash: string
  sessionId: string
  userId: string
  createdAt: Date
  usedAt: Date | null
  expiresAt: Date
}

export interface SessionRepo {
  create(session: Omit<SessionRecord, 'revokedAt' | 'revokedReason'>): Promise<SessionRecord>
  findById(id: string): Promise<SessionRecord | null>
  /** Insert-if-absent: adding the same hash twice is a no-op (rotation may race with its grace replay). */
  addRefreshToken(token: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void>
  findRefreshToken(hash: string): Promise<RefreshTokenRecord | null>
  /** Atomic single use: true for exactly one caller, however many race. */
  consumeRefreshToken(hash: string, now: Date): Promise<boolean>
  touch(id: string, now: Date): Promise<void>
  /** True when this call revoked it (false if unknown or already revoked). */
  revoke(id: string, reason: string, now: Date): Promise<boolean>
  /** Revokes every active session of the user, except `exceptId` when given (logout-others). */
  revokeAllForUser(userId: string, reason: string, now: Date, exceptId?: string): Promise<number>
  countActive(userId: string, now: Date): Promise<number>
  /**
   * The user's active sessions (not revoked, not expired at `now`), most recently used first
   * (lastUsedAt desc, then createdAt desc, then id desc), at most `limit`.
   */
  listActive(userId: string, now: Date, limit: number): Promise<SessionRecord[]>
  /** Sessions of every user neither revoked nor past their end (the admin dashboard). */
  countAllActive(now: Date): Promise<number>
}

export interface CodeExchange {
  appId: string
  openid: string
  unionid: string | null
}

/**
 * The first result of a code2Session exchange, keyed by a hash of the code, kept for the code's
 * 5-minute life so a repeated code (double tap, retry) gets the same user, not WX_CODE_USED.
 */
export interface LoginCodeCache {
  get(codeHash: string, now: Date): Promise<CodeExchange | null>
  /** First writer wins; later puts for the same hash are ignored. */
  put(codeHash: string, value: CodeExchange, expiresAt: Date): Promise<void>
}

export interface CachedAccessToken {
  appId: string
  token: string
  expiresAt: Date
}

/** WeChat server access_tokens, shared by every instance on the store (docs/wechat.md). */
export interface WxTokenCache {
  get(appId: string): Promise<CachedAccessToken | null>
  save(value: CachedAccessToken): Promise<void>
  /** Deletes only if the cached token is still `token` (another instance may have replaced it). */
  drop(appId: string, token: string): Promise<void>
  /** A lease so one instance at a time refreshes; true when `holder` now holds it. */
  acquireLease(appId: string, holder: string, until: Date, now: Date): Promise<boolean>
  releaseLease(appId: string, holder: string): Promise<void>
}

export interface AuditRecord {
  id: string
  at: Date
  action: AuditAction
  actorId: string | null
  targetId: string | null
  ip: string | null
  details: Record<string, unknown>
}

export interface AuditListQuery {
  action?: AuditAction
  /** Entries where this user is the actor or the target. */
  userId?: string
  actorId?: string
  targetId?: string
  /** At or after. */
  from?: Date
  /** Before. */
  to?: Date
  page: number
  pageSize: number
}

export interface AuditRepo {
  append(entry: Omit<AuditRecord, 'id'>): Promise<void>
  /** Newest first. */
  list(query: AuditListQuery): Promise<{ items: AuditRecord[]; total: number }>
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb'
  readonly users: UserRepo
  readonly sessions: SessionRepo
  readonly codes: LoginCodeCache
  readonly wxTokens: WxTokenCache
  readonly audit: AuditRepo
  readonly loginTickets: LoginTicketRepo
  readonly moderation: ModerationRepo
  readonly mediaChecks: MediaCheckRepo
  /** Resolves when the database answers; rejects with DB_UNAVAILABLE otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}
