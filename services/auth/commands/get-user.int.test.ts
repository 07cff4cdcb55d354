import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { AUTH_ERRORS } from '../errors';
import { authCommandDeps, connectTestDatabase } from '../testing/command-deps';
import { getUser } from './get-user';
import { signUpUser } from './sign-up-user';

describe('getUser', () => {
  const db = connectTestDatabase();
  let trx: Knex.Transaction;

  beforeEach(async () => {
    trx = await db.transaction();
  });
  afterEach(() => trx.rollback());
  afterAll(() => db.destroy());

  it('returns the stored user', async () => {
    const deps = authCommandDeps(trx, db);
    const { user } = await signUpUser({
      deps,
      email: `user-${randomUUID()}@example.test`,
      password: 'correct horse',
    });
    expect(await getUser({ deps, userId: user.id })).toEqual(user);
  });

  it('refuses an id no user has with userNotFound', async () => {
    await expect(getUser({ deps: authCommandDeps(trx, db), userId: randomUUID() })).rejects.toMatchObject({
      code: AUTH_ERRORS.userNotFound().code,
    });
  });
});
