import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { authCommandDeps } from '../testing/command-deps';
import { signUpUser } from './sign-up-user';
import { updateUser } from './update-user';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('updateUser', () => {
  const { db, trx } = rolledBackTransactions();

  const signUp = async () =>
    (
      await signUpUser({
        deps: authCommandDeps(trx(), db),
        email: `user-${randomUUID()}@example.test`,
        password: 'correct horse',
        displayName: 'Ada',
      })
    ).user;

  it('stores the display name trimmed and returns the updated user', async () => {
    const user = await signUp();
    const updated = await updateUser({
      deps: authCommandDeps(trx(), db),
      userId: user.id,
      displayName: '  Grace ',
    });
    expect(updated).toMatchObject({ id: user.id, email: user.email, display_name: 'Grace' });
    const row = await trx().withSchema('auth').table('users').where({ id: user.id }).first();
    expect(row.display_name).toBe('Grace');
  });

  it('changes nothing and returns the user when nothing is given', async () => {
    const user = await signUp();
    expect(await updateUser({ deps: authCommandDeps(trx(), db), userId: user.id })).toEqual(user);
  });

  it('refuses an id no user has with userNotFound, with or without changes', async () => {
    const deps = authCommandDeps(trx(), db);
    for (const displayName of [undefined, 'Grace']) {
      await expect(updateUser({ deps, userId: randomUUID(), displayName })).rejects.toMatchObject({
        code: AUTH_ERRORS.userNotFound().code,
      });
    }
  });
});
