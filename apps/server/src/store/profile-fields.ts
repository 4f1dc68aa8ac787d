/**
 * The profile fields of a user, declared once. The store's `Profile` type, the SQLite columns
 * (sqlite/rows.ts, sqlite/schema.ts), the MongoDB schema paths and defaults (mongo/models.ts) and
 * the user view (modules/users/user-view.ts) all derive from this table, so adding a profile field
 * is one line here plus the field in the shared DTO (`User`, and `UpdateMeRequest` if users may
 * set it); the user view does not compile until both agree.
 *
 * A kind says what a field holds, whether it may be null and what an absent field reads as; each
 * store maps every kind to its own types (a new kind does not compile until both stores do).
 */

import type { AvatarReview } from '@wxlogin/shared/dto'

export type Gender = 0 | 1 | 2

export const PROFILE_KINDS = {
  /** Free text, null when unknown. */
  text: { nullable: true, default: null as string | null },
  /** WeChat's gender: 0 unknown, 1 male, 2 female. */
  gender: { nullable: false, default: 0 as Gender },
  /** Where WeChat's check of an image stands (pending, approved, rejected), null when unchecked. */
  review: { nullable: true, default: null as AvatarReview | null },
} as const

export type ProfileKind = keyof typeof PROFILE_KINDS

export const PROFILE_FIELDS = {
  nickname: { kind: 'text', column: 'nickname' },
  avatarUrl: { kind: 'text', column: 'avatar_url' },
  /** WeChat's verdict on avatarUrl (docs/content-security.md); set by the server, never by users. */
  avatarReview: { kind: 'review', column: 'avatar_review' },
  gender: { kind: 'gender', column: 'gender' },
  language: { kind: 'text', column: 'language' },
  city: { kind: 'text', column: 'city' },
  province: { kind: 'text', column: 'province' },
  country: { kind: 'text', column: 'country' },
  /** `YYYY-MM-DD`, validated by the shared `Birthday` schema. */
  birthday: { kind: 'text', column: 'birthday' },
  bio: { kind: 'text', column: 'bio' },
} as const satisfies Record<string, { kind: ProfileKind; column: string }>

type Fields = typeof PROFILE_FIELDS
export type ProfileKey = keyof Fields

export type Profile = {
  -readonly [K in ProfileKey]: (typeof PROFILE_KINDS)[Fields[K]['kind']]['default']
}

/** The SQLite column of each field (snake_case), as a literal type for the row type. */
export type ProfileColumn<K extends ProfileKey = ProfileKey> = Fields[K]['column']

export const PROFILE_KEYS = Object.keys(PROFILE_FIELDS) as ProfileKey[]

/** What every field reads as when it was never set (a first login without profile data). */
export const PROFILE_DEFAULTS: Readonly<Profile> = Object.freeze(
  Object.fromEntries(PROFILE_KEYS.map((k) => [k, PROFILE_KINDS[PROFILE_FIELDS[k].kind].default])),
) as Profile

/**
 * The profile fields of anything that holds them (a user record, a stored document), nothing
 * else; a field missing or null where its kind is not nullable reads as its default (a document
 * written before the field existed).
 */
export function pickProfile(from: { [K in ProfileKey]?: Profile[K] | null }): Profile {
  const profile: Partial<Record<ProfileKey, unknown>> = {}
  for (const key of PROFILE_KEYS) profile[key] = from[key] ?? PROFILE_DEFAULTS[key]
  return profile as Profile
}

/** Only the fields actually given (`undefined` means "leave it"; an explicit null clears). */
export function givenProfile(patch: Partial<Profile> = {}): Partial<Profile> {
  const given: Partial<Record<ProfileKey, unknown>> = {}
  for (const key of PROFILE_KEYS) if (patch[key] !== undefined) given[key] = patch[key]
  return given as Partial<Profile>
}
