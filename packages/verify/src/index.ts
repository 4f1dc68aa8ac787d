export {
  createVerifier,
  type AccessClaims,
  type Verifier,
  type VerifierOptions,
} from './create-verifier.js'
export type { Algorithm, JwksOptions, VerifierKey } from './key-source.js'
export { isVerifyError, VerifyError, type VerifyErrorCode } from './verify-error.js'
