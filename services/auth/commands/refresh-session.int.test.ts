import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { hashRefreshToken } from '../refresh-tokens';
import { authStore } from '../store';
import { authCommandDeps, connectTestDatabase, verifierFor } from '../testing/command-deps';
import { logInUser } from './log-in-user';
import { refreshSession } from './refresh-session';
import { signUpUser } from './sign-up-user';
import { startSession } from './start-session';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('refreshSession', () => {
  const { db, trx } = rolledBackTransactions();
  const password = 'correct horse battery';

  const deps = () => authCommandDeps(trx(), db);
  const logIn = async () =>
    signUpUser({ deps: deps(), email: `user-${randomUUID()}@example.test`, password });
  const tokenRow = (refreshToken: string) =>
    trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .where({ token_hash: hashRefreshToken(refreshToken) })
      .first();

  it('spends the presented token and issues the next one of the same family', async () => {
    const session = await logIn();
    const next = await refreshSession({ deps: deps(), refreshToken: session.refreshToken });
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.user.id).toBe(session.user.id);
    const [spent, issued] = [await tokenRow(session.refreshToken), await tokenRow(next.refreshToken)];
    expect(spent.used_at).toBeInstanceOf(Date);
    expect(issued).toMatchObject({ family_id: spent.family_id, used_at: null, revoked_at: null });
    await expect(verifierFor(deps()).verify(next.accessToken)).resolves.toMatchObject({
      userId: session.user.id,
    });
  });

  it('revokes the whole family when a spent token is replayed, and the revocation survives the failure', async () => {
    const session = await logIn();
    const next = await refreshSession({ deps: deps(), refreshToken: session.refreshToken });
    await expect(refreshSession({ deps: deps(), refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.refreshTokenReused().code,
    });
    expect((await tokenRow(next.refreshToken)).revoked_at).toBeInstanceOf(Date);
    // The legitimate holder's newer token is dead too.
    await expect(refreshSession({ deps: deps(), refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.refreshTokenReused().code,
    });
  });

  it('leaves the user’s other logins alone when one family is revoked', async () => {
    const session = await logIn();
    const other = await logInUser({ deps: deps(), email: session.user.email, password });
    await refreshSession({ deps: deps(), refreshToken: session.refreshToken });
    await expect(refreshSession({ deps: deps(), refreshToken: session.refreshToken })).rejects.toBeDefined();
    await expect(refreshSession({ deps: deps(), refreshToken: other.refreshToken })).resolves.toMatchObject({
      user: { id: session.user.id },
    });
  });

  it('refuses an unknown token as invalid', async () => {
    await expect(refreshSession({ deps: deps(), refreshToken: 'never-issued' })).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidRefreshToken().code,
      detail: AUTH_ERRORS.invalidRefreshToken().detail,
    });
  });

  it('refuses an expired token as invalid without revoking its family', async () => {
    const session = await logIn();
    await trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .where({ token_hash: hashRefreshToken(session.refreshToken) })
      .update({ expires_at: new Date(Date.now() - 1000) });
    await expect(refreshSession({ deps: deps(), refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidRefreshToken().code,
    });
    expect((await tokenRow(session.refreshToken)).revoked_at).toBeNull();
  });

  it('refuses and revokes the family of a user who has been disabled', async () => {
    const session = await logIn();
    await trx()
      .withSchema('auth')
      .table('users')
      .where({ id: session.user.id })
      .update({ disabled_at: trx().fn.now() });
    await expect(refreshSession({ deps: deps(), refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidRefreshToken().code,
    });
    expect((await tokenRow(session.refreshToken)).revoked_at).toBeInstanceOf(Date);
  });
});

// Two refreshes of one token at the same moment need two connections and
// committed rows, so this test writes outside a rolled-back transaction and
// deletes its user afterwards.
describe('refreshSession, concurrently', () => {
  const db = connectTestDatabase();
  let userId: string | undefined;

  afterAll(async () => {
    if (userId) await db.withSchema('auth').table('users').where({ id: userId }).delete();
    await db.destroy();
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const deps = authCommandDeps(db, db);
    const session = await db.transaction(async (trx) => {
      const user = await authStore.insertUser(trx, {
        email: `race-${randomUUID()}@example.test`,
        password_hash: 'not used',
        display_name: 'Race',
      });
      return startSession({ trx, deps, user });
    });
    userId = session.user.id;
    const results = await Promise.allSettled(
      [1, 2].map(() => refreshSession({ deps, refreshToken: session.refreshToken })),
    );
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: AUTH_ERRORS.refreshTokenReused().code });
  });
});
