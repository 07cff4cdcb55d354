import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { hashRefreshToken } from '../refresh-tokens';
import { authCommandDeps } from '../testing/command-deps';
import { logInUser } from './log-in-user';
import { logOutSession } from './log-out-session';
import { refreshSession } from './refresh-session';
import { signUpUser } from './sign-up-user';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('logOutSession', () => {
  const { db, trx } = rolledBackTransactions();
  const password = 'correct horse battery';

  const deps = () => authCommandDeps(trx(), db);

  it('revokes every token of the session’s family, the current one and those before it', async () => {
    const session = await signUpUser({ deps: deps(), email: `user-${randomUUID()}@example.test`, password });
    const next = await refreshSession({ deps: deps(), refreshToken: session.refreshToken });
    await logOutSession({ deps: deps(), refreshToken: next.refreshToken });
    const rows = await trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .whereIn('token_hash', [hashRefreshToken(session.refreshToken), hashRefreshToken(next.refreshToken)]);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.revoked_at instanceof Date)).toBe(true);
    await expect(refreshSession({ deps: deps(), refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.refreshTokenReused().code,
    });
  });

  it('keeps the user’s other sessions', async () => {
    const session = await signUpUser({ deps: deps(), email: `user-${randomUUID()}@example.test`, password });
    const other = await logInUser({ deps: deps(), email: session.user.email, password });
    await logOutSession({ deps: deps(), refreshToken: session.refreshToken });
    await expect(refreshSession({ deps: deps(), refreshToken: other.refreshToken })).resolves.toBeDefined();
  });

  it('accepts an unknown token and logging out twice', async () => {
    await expect(logOutSession({ deps: deps(), refreshToken: 'never-issued' })).resolves.toBeUndefined();
    const session = await signUpUser({ deps: deps(), email: `user-${randomUUID()}@example.test`, password });
    await logOutSession({ deps: deps(), refreshToken: session.refreshToken });
    await expect(
      logOutSession({ deps: deps(), refreshToken: session.refreshToken }),
    ).resolves.toBeUndefined();
  });
});
