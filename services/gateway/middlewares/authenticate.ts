import type { Context } from 'koa';
import type { AccessTokenClaims, AccessTokenVerifier } from '../../internal/access-tokens';
import { AppError } from '../../internal/errors';

/** Reads `Authorization: Bearer <token>` and verifies it locally against the JWKS. */
export async function authenticate(ctx: Context, verifier: AccessTokenVerifier): Promise<AccessTokenClaims> {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new AppError('unauthenticated', 'send an access token as "Authorization: Bearer <token>"');
  const claims = await verifier.verify(match[1]);
  ctx.state.userId = claims.userId;
  return claims;
}
