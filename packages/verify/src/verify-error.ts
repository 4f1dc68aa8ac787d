/**
 * What can go wrong verifying a token, as one closed set:
 * - `expired`: a genuine token past its `exp` (the client should refresh it);
 * - `invalid`: anything else about the token (signature, algorithm, kid, issuer, audience, typ,
 *   claims, shape) — the client should sign in again;
 * - `jwks_unavailable`: the key set could not be fetched and none is cached: not the caller's
 *   fault, try again later.
 */
export type VerifyErrorCode = 'expired' | 'invalid' | 'jwks_unavailable'

/** The one error `verify()` throws. The message is safe to log; it never quotes the token. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError'
  readonly code: VerifyErrorCode

  constructor(code: VerifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export const isVerifyError = (err: unknown): err is VerifyError => err instanceof VerifyError
