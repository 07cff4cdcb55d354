import { revokeSession } from '../../internal/session-revocations';
import type { AuthDeps } from '../deps';
import { AUTH_ERRORS } from '../errors';
import { hashRefreshToken } from '../refresh-tokens';
import { authStore } from '../store';
import { startSession, type Session } from './start-session';

type Outcome = { session: Session } | { refused: 'invalid' | 'reused'; revokedFamily?: string };

/**
 * Rotates a refresh token: the presented one is spent and a new one of the
 * same family is issued. Presenting a spent or revoked token means it was
 * stolen or replayed, so the whole family is revoked, its access tokens too
 * (the revocation commits even though the call fails).
 */
export async function refreshSession(props: { deps: AuthDeps; refreshToken: string }): Promise<Session> {
  const { deps } = props;
  const outcome = await deps.db.transaction(async (trx): Promise<Outcome> => {
    const token = await authStore.lockRefreshToken(trx, hashRefreshToken(props.refreshToken));
    if (!token) return { refused: 'invalid' };
    if (token.used_at || token.revoked_at) {
      await authStore.revokeFamily(trx, token.family_id);
      return { refused: 'reused', revokedFamily: token.family_id };
    }
    if (token.expires_at.getTime() <= Date.now()) return { refused: 'invalid' };
    const user = await authStore.findUserById(trx, token.user_id);
    if (!user || user.disabled_at) {
      await authStore.revokeFamily(trx, token.family_id);
      return { refused: 'invalid' };
    }
    await authStore.markRefreshTokenUsed(trx, token.id);
    return { session: await startSession({ trx, deps, user, familyId: token.family_id }) };
  });
  if ('session' in outcome) return outcome.session;
  // After the commit, as set-user-access: the family's access tokens die with it.
  if (outcome.revokedFamily)
    await revokeSession(deps.redis, outcome.revokedFamily, deps.tokens.accessTokenTtlSeconds * 1000);
  throw outcome.refused === 'reused' ? AUTH_ERRORS.refreshTokenReused() : AUTH_ERRORS.invalidRefreshToken();
}
