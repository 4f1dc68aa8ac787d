import { z } from 'zod'
import { okFields } from './reply.js'

/**
 * `POST /wxa/business/getuserphonenumber?access_token=…`: the getPhoneNumber button's code (not
 * the login code: that gives 40029, WxJava #2821) and the user's openid.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
 */
export const PhoneNumberRequestSchema = z.object({
  code: z.string().min(1),
  openid: z.string().min(1).optional(),
})
export type PhoneNumberRequest = z.infer<typeof PhoneNumberRequestSchema>

/**
 * `phone_info`, tolerant where WeChat is inconsistent: `countryCode` is a number in the docs and a
 * string in practice, so both parse (the reader normalises). What the number must look like is
 * the reader's business, as is checking that `watermark.appid` is its own AppID; `phoneNumber`
 * (with the country prefix) and `timestamp` are not needed and may be missing.
 */
export const PhoneInfoSchema = z.looseObject({
  phoneNumber: z.string().optional(),
  purePhoneNumber: z.string(),
  countryCode: z.union([z.string(), z.number()]),
  watermark: z.looseObject({
    appid: z.string(),
    timestamp: z.number().optional(),
  }),
})
export type PhoneInfo = z.infer<typeof PhoneInfoSchema>

export const PhoneNumberReplySchema = z.looseObject({
  ...okFields,
  phone_info: PhoneInfoSchema,
})
export type PhoneNumberReply = z.infer<typeof PhoneNumberReplySchema>
