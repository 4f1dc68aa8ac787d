import { describe, expect, it } from 'vitest'
import { normalizePhone } from './phone-number.js'

describe('normalizePhone', () => {
  it.each([
    ['a string (what WeChat sends)', '86'],
    ['a number (what its docs show)', 86],
    ['a string with +', '+86'],
  ])('accepts countryCode as %s', (_name, countryCode) => {
    expect(normalizePhone({ purePhoneNumber: '13800138000', countryCode })).toEqual({
      phone: '+8613800138000',
      phoneNational: '13800138000',
      phoneCountryCode: '86',
    })
  })

  it('keeps other country codes', () => {
    expect(normalizePhone({ purePhoneNumber: '2025550123', countryCode: 1 })?.phone).toBe(
      '+12025550123',
    )
    expect(normalizePhone({ purePhoneNumber: '91234567', countryCode: '852' })?.phone).toBe(
      '+85291234567',
    )
  })

  it.each([
    ['no country code', { purePhoneNumber: '13800138000' }],
    ['a country code of letters', { purePhoneNumber: '13800138000', countryCode: 'CN' }],
    ['a country code starting with 0', { purePhoneNumber: '13800138000', countryCode: '086' }],
    ['a fractional country code', { purePhoneNumber: '13800138000', countryCode: 8.6 }],
    ['a number with dashes', { purePhoneNumber: '138-0013-8000', countryCode: '86' }],
    ['no number', { countryCode: '86' }],
    ['more than 15 digits in all', { purePhoneNumber: '1380013800012345', countryCode: '86' }],
  ])('refuses %s', (_name, info) => {
    expect(normalizePhone(info)).toBeNull()
  })
})
