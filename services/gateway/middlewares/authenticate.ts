import type { Context } from 'koa';
import type { AccessTokenClaims, AccessTokenVerifier } from '../../internal/access-tokens';
import { AppError } from '../../internal/errors';
import type { RevokedSessions } from '../revocation-mirror';

/**
 * Reads `Authorization: Bearer <token>`, verifies it locally against the
 * JWKS, and refuses it if its user's sessions were revoked after it was
 * issued (disabled, role changed): an in-memory lookup, no round trip.
 */
export async function authenticate(
  ctx: Context,
  verifier: AccessTokenVerifier,
  revoked: RevokedSessions,
): Promise<AccessTokenClaims> {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new AppError('unauthenticated', 'send an access token as "Authorization: Bearer <token>"');
  const claims = await verifier.verify(match[1]);
  if (revoked.isRevoked(claims)) throw new AppError('unauthenticated', 'the access token was revoked');
  ctx.state.userId = claims.userId;
  return claims;
}
