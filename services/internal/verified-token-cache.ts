import { AppError } from './errors';
import type { AccessTokenClaims, AccessTokenVerifier } from './access-tokens';

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Remembers the claims of access tokens that verified, keyed by the whole
 * token string, until each token expires. An ES256 check costs about 0.1 ms
 * of CPU, which a client repeating its token on every request would
 * otherwise pay each time. Only a byte-identical token hits, so nothing
 * unverified is ever trusted; expiry is checked on every hit. Revocation
 * (a disabled user) is checked after this, per request, by the gateway.
 * Bounded: the oldest entry goes first when full.
 */
export function cacheVerifiedTokens(
  verifier: AccessTokenVerifier,
  options: { maxEntries?: number; now?: () => number } = {},
): AccessTokenVerifier {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const verified = new Map<string, AccessTokenClaims>();

  return {
    async verify(token) {
      const cached = verified.get(token);
      if (cached) {
        if (now() < cached.expiresAt.getTime()) return cached;
        verified.delete(token);
        throw new AppError('unauthenticated', 'the access token has expired');
      }
      const claims = await verifier.verify(token);
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, claims);
      return claims;
    },
  };
}
