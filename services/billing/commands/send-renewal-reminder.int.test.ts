import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { givenSubscription } from '../testing/subscriptions';
import { reminderEventId, sendRenewalReminder } from './send-renewal-reminder';

describe('sendRenewalReminder', () => {
  const { trx } = rolledBackTransactions();
  const outbox = (id: string) => trx()('billing.outbox').where({ id });

  it('puts one subscription.renewal_due in the outbox, with an id fixed by the period', async () => {
    const { userId, end } = await givenSubscription(trx(), 'plus');
    const props = { deps: testSubscriptionDeps(trx()), userId, periodEnd: end.toISOString() };
    expect(await sendRenewalReminder(props)).toBe(true);
    expect(await sendRenewalReminder(props)).toBe(true);
    const rows = await outbox(reminderEventId(userId, end.toISOString()));
    expect(rows).toEqual([expect.objectContaining({ key: userId, event_type: 'subscription.renewal_due' })]);
  });

  it('sends nothing for a canceled subscription or a period that is not the current one', async () => {
    const canceled = await givenSubscription(trx(), 'plus', { status: 'canceled', cancelAtPeriodEnd: true });
    const deps = testSubscriptionDeps(trx());
    expect(
      await sendRenewalReminder({ deps, userId: canceled.userId, periodEnd: canceled.end.toISOString() }),
    ).toBe(false);
    const active = await givenSubscription(trx(), 'plus');
    expect(
      await sendRenewalReminder({ deps, userId: active.userId, periodEnd: new Date(0).toISOString() }),
    ).toBe(false);
  });
});
