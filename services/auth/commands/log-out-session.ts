import type { AuthDeps } from '../deps';
import { hashRefreshToken } from '../refresh-tokens';
import { authStore } from '../store';

/** Revokes the refresh token's whole family. Unknown tokens are ignored: logging out twice is fine. */
export async function logOutSession(props: { deps: AuthDeps; refreshToken: string }): Promise<void> {
  const token = await authStore.findRefreshToken(props.deps.db, hashRefreshToken(props.refreshToken));
  if (token) await authStore.revokeFamily(props.deps.db, token.family_id);
}
