import { z } from 'zod'
import { AppError } from '../app-error.js'
import type { AppContext } from './context.js'

/** Parses with a shared schema; failures are VALIDATION_FAILED with per-field details. */
export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const { formErrors, fieldErrors } = z.flattenError(result.error)
  const first = result.error.issues[0]
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : ''
  throw new AppError('VALIDATION_FAILED', `${where}${first?.message ?? 'Invalid request'}`, {
    details: { formErrors, fieldErrors },
  })
}

/**
 * The JSON body of a JSON endpoint. A body of another type is refused (415); an absent body is
 * an empty object, so the schema reports the missing fields.
 */
export function jsonBody<T extends z.ZodType>(ctx: AppContext, schema: T): z.output<T> {
  if (ctx.request.length && !ctx.request.is('json'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send application/json.')
  return parseWith(schema, ctx.request.body ?? {})
}
