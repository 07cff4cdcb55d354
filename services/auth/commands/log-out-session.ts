import { revokeSession } from '../../internal/session-revocations';
import type { AuthDeps } from '../deps';
import { hashRefreshToken } from '../refresh-tokens';
import { authStore } from '../store';

/**
 * Revokes the refresh token's whole family, and the access tokens already
 * issued to it (every gateway refuses them within a pub/sub hop). Unknown
 * tokens are ignored: logging out twice is fine.
 */
export async function logOutSession(props: { deps: AuthDeps; refreshToken: string }): Promise<void> {
  const { deps } = props;
  const token = await authStore.findRefreshToken(deps.db, hashRefreshToken(props.refreshToken));
  if (!token) return;
  await authStore.revokeFamily(deps.db, token.family_id);
  await revokeSession(deps.redis, token.family_id, deps.tokens.accessTokenTtlSeconds * 1000);
}
