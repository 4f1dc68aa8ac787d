import { z } from 'zod'

/**
 * One public key that verifies access tokens, as a JSON Web Key (RFC 7517, RFC 7518 §6.2): a
 * P-256 key for ES256. Never a private part (`d`): the key set is public.
 */
export const Jwk = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    kid: z.string().describe('The `kid` in the header of the access tokens this key verifies.'),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
    x: z.string().describe('The x coordinate, base64url.'),
    y: z.string().describe('The y coordinate, base64url.'),
  })
  .strict()
export type Jwk = z.infer<typeof Jwk>

/** The key set (RFC 7517 §5): every key that verifies, signing and retiring ones alike. */
export const Jwks = z.object({ keys: z.array(Jwk) })
export type Jwks = z.infer<typeof Jwks>
