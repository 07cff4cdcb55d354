import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { authStore } from '../store';
import { outboxEvents } from '../testing/outbox-events';
import { deleteAccount } from './delete-account';

// In a rolled-back transaction: the account, a refresh token of it, the outbox.
describe('deleteAccount', () => {
  const { trx } = rolledBackTransactions();

  it('deletes the account and its refresh tokens and records account.deleted once; again, nothing', async () => {
    const user = await authStore.insertUser(trx(), {
      email: `deleted-${randomUUID()}@example.test`,
      password_hash: 'not a hash',
      display_name: 'Deleted',
    });
    await authStore.insertRefreshToken(trx(), {
      family_id: randomUUID(),
      user_id: user.id,
      token_hash: Buffer.from(randomUUID()),
      expires_at: new Date(Date.now() + 60_000),
    });
    const adminId = randomUUID();

    expect(await deleteAccount({ db: trx(), userId: user.id, requestedBy: adminId })).toBe(true);
    expect(await authStore.findUserById(trx(), user.id)).toBeUndefined();
    expect(await trx().withSchema('auth').table('refresh_tokens').where({ user_id: user.id })).toEqual([]);
    const events = await outboxEvents(trx(), user.id);
    expect(events.map((event) => [event.type, event.actorUserId, event.payload.value])).toEqual([
      ['account.deleted', adminId, expect.objectContaining({ userId: user.id })],
    ]);

    expect(await deleteAccount({ db: trx(), userId: user.id, requestedBy: adminId })).toBe(false);
    expect(await outboxEvents(trx(), user.id)).toHaveLength(1);
  });
});
