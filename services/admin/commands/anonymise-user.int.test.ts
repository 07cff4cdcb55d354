import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { anonymiseUser } from './anonymise-user';

// In a rolled-back transaction, through the append-only log's one allowed change.
describe('anonymiseUser', () => {
  const { trx } = rolledBackTransactions();

  const entry = (action: string, actor: string | null, subject: string | null, data: object) =>
    trx()
      .withSchema('admin')
      .table('audit_log')
      .insert({
        event_id: randomUUID(),
        action,
        actor_user_id: actor,
        subject_id: subject,
        data,
        occurred_at: new Date(),
      })
      .returning('id');

  it("clears the user's id as actor and subject and their personal data, leaves others' entries; again, nothing", async () => {
    const [userId, adminId, otherId] = [randomUUID(), randomUUID(), randomUUID()];
    const ids = [
      ...(await entry('user.signed_up', userId, userId, { email: 'gone@example.test', displayName: 'Gone' })),
      ...(await entry('user.disabled', adminId, userId, {})),
    ].map((row: { id: string }) => row.id);
    await entry('user.signed_up', otherId, otherId, { email: 'kept@example.test', displayName: 'Kept' });

    expect(await anonymiseUser({ db: trx(), userId })).toBe(2);

    const log = () => trx().withSchema('admin').table('audit_log');
    const mine = await log().whereIn('id', ids).orderBy('id');
    expect(JSON.stringify(mine)).not.toContain(userId);
    expect(JSON.stringify(mine)).not.toContain('gone@example.test');
    expect(mine.map((row: { actor_user_id: string | null }) => row.actor_user_id)).toEqual([null, adminId]);
    expect(await log().where({ actor_user_id: otherId, subject_id: otherId })).toHaveLength(1);
    expect(await anonymiseUser({ db: trx(), userId })).toBe(0);
  });
});
