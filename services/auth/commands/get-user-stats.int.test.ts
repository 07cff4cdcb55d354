import { randomUUID } from 'node:crypto';
import { authStore } from '../store';
import { getUserStats } from './get-user-stats';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getUserStats', () => {
  const { trx } = rolledBackTransactions();

  it('counts every user, the admins and the disabled', async () => {
    // One snapshot: other tests' signups cannot change the counts between the reads.
    await trx().raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const before = await getUserStats({ deps: { db: trx() } });
    const insert = () =>
      authStore.insertUser(trx(), {
        email: `stats-${randomUUID()}@example.test`,
        password_hash: 'x',
        display_name: 'x',
      });
    const admin = await insert();
    const disabled = await insert();
    await insert();
    await trx().withSchema('auth').table('users').where({ id: admin.id }).update({ role: 'admin' });
    await trx()
      .withSchema('auth')
      .table('users')
      .where({ id: disabled.id })
      .update({ disabled_at: new Date() });
    expect(await getUserStats({ deps: { db: trx() } })).toEqual({
      total: before.total + 3,
      admins: before.admins + 1,
      disabled: before.disabled + 1,
    });
  });
});
