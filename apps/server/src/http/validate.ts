import { z } from 'zod'
import { AppError } from '../app-error.js'

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
