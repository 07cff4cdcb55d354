import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { authCommandDeps } from '../testing/command-deps';
import { outboxEvents } from '../testing/outbox-events';
import { createAdmin } from './create-admin';
import { logInUser } from './log-in-user';
import { signUpUser } from './sign-up-user';

describe('createAdmin', () => {
  const { db, trx } = rolledBackTransactions();
  const deps = () => authCommandDeps(trx(), db);
  const email = () => `admin-${randomUUID()}@example.test`;

  it('creates an admin with a generated password shown once, which logs in', async () => {
    const given = email();
    const created = await createAdmin({ deps: deps(), email: ` ${given.toUpperCase()} ` });
    expect(created).toMatchObject({
      outcome: 'created',
      user: { email: given, role: 'admin', disabled_at: null },
    });
    expect(created.generatedPassword).toMatch(/^[\w-]{24}$/);
    const session = await logInUser({ deps: deps(), email: given, password: created.generatedPassword! });
    expect(session.user.role).toBe('admin');
    const types = (await outboxEvents(trx(), created.user.id)).map((event) => [
      event.type,
      event.actorUserId,
    ]);
    expect(types.sort()).toEqual([
      ['user.role_changed', ''],
      ['user.signed_up', ''],
    ]);
  });

  it('uses the password given, and prints none', async () => {
    const given = email();
    const created = await createAdmin({ deps: deps(), email: given, password: 'a chosen password' });
    expect(created.generatedPassword).toBeUndefined();
    await expect(
      logInUser({ deps: deps(), email: given, password: 'a chosen password' }),
    ).resolves.toBeDefined();
  });

  it('promotes an existing user, enabling a disabled one, keeping their password; again changes nothing', async () => {
    const given = email();
    const { user } = await signUpUser({ deps: deps(), email: given, password: 'their own password' });
    await trx().withSchema('auth').table('users').where({ id: user.id }).update({ disabled_at: new Date() });

    const promoted = await createAdmin({ deps: deps(), email: given });
    expect(promoted).toMatchObject({
      outcome: 'promoted',
      user: { id: user.id, role: 'admin', disabled_at: null },
    });
    expect(promoted.generatedPassword).toBeUndefined();
    await expect(
      logInUser({ deps: deps(), email: given, password: 'their own password' }),
    ).resolves.toBeDefined();

    const again = await createAdmin({ deps: deps(), email: given });
    expect(again.outcome).toBe('unchanged');
    const types = (await outboxEvents(trx(), user.id)).map((event) => event.type);
    expect(types.sort()).toEqual(['user.enabled', 'user.role_changed', 'user.signed_up']);
  });

  it('refuses what is not an email address', async () => {
    await expect(createAdmin({ deps: deps(), email: 'nobody' })).rejects.toThrow(/not an email/);
  });
});
