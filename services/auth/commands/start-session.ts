import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../internal/db';
import { issueAccessToken } from '../access-tokens';
import type { AuthDeps } from '../deps';
import { hashRefreshToken, newRefreshToken } from '../refresh-tokens';
import { authStore, type UserRow } from '../store';

export interface Session {
  user: UserRow;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/**
 * Issues an access token and a refresh token. A login starts a new token
 * family; a refresh continues its family, so reuse of any old member can
 * revoke the whole chain.
 */
export async function startSession(props: {
  trx: Transaction;
  deps: AuthDeps;
  user: UserRow;
  familyId?: string;
}): Promise<Session> {
  const { trx, deps, user } = props;
  const refreshToken = newRefreshToken();
  const familyId = props.familyId ?? randomUUID();
  await authStore.insertRefreshToken(trx, {
    family_id: familyId,
    user_id: user.id,
    token_hash: hashRefreshToken(refreshToken),
    expires_at: new Date(Date.now() + deps.tokens.refreshTokenTtlSeconds * 1000),
  });
  const accessToken = await issueAccessToken(
    { userId: user.id, role: user.role, sessionId: familyId },
    await deps.keys.signingKey(),
    {
      issuer: deps.tokens.issuer,
      audience: deps.tokens.audience,
      ttlSeconds: deps.tokens.accessTokenTtlSeconds,
    },
  );
  return { user, accessToken, refreshToken, expiresIn: deps.tokens.accessTokenTtlSeconds };
}
