import { ErrorBodySchema } from '../errors.js'
import { ApiError } from './api-error.js'
import type { TransportResponse } from './transport.js'

const header = (res: TransportResponse, name: string): string | undefined => {
  const headers = res.headers ?? {}
  return headers[name] ?? headers[name.toLowerCase()]
}

/** Turns a transport result into the body, or into the one typed `ApiError`. */
export async function settle<T>(pending: Promise<TransportResponse>): Promise<T> {
  let res: TransportResponse
  try {
    res = await pending
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'Network request failed'
    throw new ApiError('NETWORK_ERROR', 0, message)
  }
  if (res.status >= 200 && res.status < 300) return res.body as T

  const parsed = ErrorBodySchema.safeParse(res.body)
  if (!parsed.success) {
    throw new ApiError('BAD_RESPONSE', res.status, `Unexpected response (HTTP ${res.status})`)
  }
  const { code, message, requestId, details } = parsed.data.error
  const retryAfter = Number(header(res, 'retry-after'))
  throw new ApiError(
    code,
    res.status,
    message,
    requestId,
    details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  )
}
