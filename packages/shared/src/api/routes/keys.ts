import { Jwks } from '../../dto/index.js'
import { route } from '../route.js'

/** What other services need to verify access tokens without a shared secret. */
export const keysRoutes = {
  jwks: route({
    method: 'GET',
    path: '/.well-known/jwks.json',
    tag: 'auth',
    summary: 'The public keys that verify access tokens (JWKS)',
    description:
      'Every key that verifies access tokens, as JSON Web Keys (RFC 7517): with `JWT_ALG=ES256`, P-256 keys (`kty: "EC"`, `alg: "ES256"`, `use: "sig"`), matched to a token by its `kid`. With `HS256` there is nothing public to publish: `{ "keys": [] }`. Cacheable for 5 minutes (`Cache-Control: public, max-age=300`); a verifier that meets an unknown `kid` fetches it again.',
    auth: 'none',
    reply: Jwks,
    errors: [],
  }),
}
