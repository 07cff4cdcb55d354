import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { authCommandDeps } from '../testing/command-deps';
import { getUser } from './get-user';
import { signUpUser } from './sign-up-user';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getUser', () => {
  const { db, trx } = rolledBackTransactions();

  it('returns the stored user', async () => {
    const deps = authCommandDeps(trx(), db);
    const { user } = await signUpUser({
      deps,
      email: `user-${randomUUID()}@example.test`,
      password: 'correct horse',
    });
    expect(await getUser({ deps, userId: user.id })).toEqual(user);
  });

  it('refuses an id no user has with userNotFound', async () => {
    await expect(getUser({ deps: authCommandDeps(trx(), db), userId: randomUUID() })).rejects.toMatchObject({
      code: AUTH_ERRORS.userNotFound().code,
    });
  });
});
