import { z } from 'zod'
import { AgreementAcceptance } from './account.js'
import { Gender } from './common.js'
import { User } from './user.js'

const legacyText = z.string().max(256)

/** The legacy getUserInfo/getUserProfile shape, camelCase as WeChat sends it. */
export const WxProfile = z.object({
  nickName: legacyText.optional(),
  avatarUrl: z.string().max(1024).optional(),
  gender: z.coerce.number().pipe(Gender).optional(),
  language: legacyText.optional(),
  city: legacyText.optional(),
  province: legacyText.optional(),
  country: legacyText.optional(),
})
export type WxProfile = z.infer<typeof WxProfile>

export const WxLoginRequest = z.object({
  code: z.string().min(1).max(128),
  profile: WxProfile.optional(),
  appId: z.string().min(1).max(64).optional(),
  /** Legacy open data: `rawData` + `signature` (sha1 with the session_key of this exchange). */
  rawData: z.string().max(8192).optional(),
  signature: z.string().max(128).optional(),
  /** Legacy open data: `encryptedData` + `iv` (AES-128-CBC with the session_key). */
  encryptedData: z.string().max(16384).optional(),
  iv: z.string().max(64).optional(),
  /** The user accepted this version of the user agreement and privacy policy, recorded in this login. */
  agreement: AgreementAcceptance.optional(),
})
export type WxLoginRequest = z.infer<typeof WxLoginRequest>

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive(),
  refreshExpiresIn: z.number().int().positive(),
})
export type TokenPair = z.infer<typeof TokenPair>

/** True when the user's accepted agreement version is not the server's current one. */
const agreementRequired = z.boolean()

export const WxLoginResponse = TokenPair.extend({
  isNewUser: z.boolean(),
  user: User,
  agreementRequired,
})
export type WxLoginResponse = z.infer<typeof WxLoginResponse>

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) })
export type RefreshRequest = z.infer<typeof RefreshRequest>

export const RefreshResponse = TokenPair.extend({ user: User.optional(), agreementRequired })
export type RefreshResponse = z.infer<typeof RefreshResponse>

/**
 * The Django tutorial's `POST /api/wx_login/`: form or JSON, `user_info` being the rawData
 * JSON string, an object, or absent. A malformed `user_info` is a 400, never a 500.
 */
export const LegacyWxLoginRequest = z.object({
  code: z.string().min(1).max(128),
  user_info: z
    .union([z.string().max(8192), z.record(z.string(), z.unknown())])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined
      let parsed: unknown = value
      if (typeof value === 'string') {
        try {
          parsed = JSON.parse(value)
        } catch {
          ctx.addIssue({ code: 'custom', message: 'user_info is not valid JSON' })
          return z.NEVER
        }
      }
      const profile = WxProfile.safeParse(parsed)
      if (!profile.success) {
        ctx.addIssue({ code: 'custom', message: 'user_info is not a WeChat user info object' })
        return z.NEVER
      }
      return profile.data
    }),
})
export type LegacyWxLoginRequest = z.input<typeof LegacyWxLoginRequest>

export const LegacyWxLoginResponse = z.object({
  jwt: z.string(),
  refresh: z.string(),
  user: z.object({
    id: z.string(),
    nick_name: z.string().nullable(),
    avatar_url: z.string().nullable(),
    gender: Gender,
  }),
})
export type LegacyWxLoginResponse = z.infer<typeof LegacyWxLoginResponse>
