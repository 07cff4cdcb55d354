import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { givenSubscription } from '../testing/subscriptions';
import { listSubscriptions } from './list-subscriptions';

describe('listSubscriptions', () => {
  const { trx } = rolledBackTransactions();
  const list = (filter: { status?: string; plan?: string; limit: number; cursor?: string }) =>
    listSubscriptions({ deps: testSubscriptionDeps(trx()), ...filter });

  it('filters by status and plan slug and pages by user id with a cursor', async () => {
    // Others' past-due pro subscriptions may be listed too; these three must be, in user id order.
    const mine = [
      await givenSubscription(trx(), 'pro', { status: 'past_due' }),
      await givenSubscription(trx(), 'pro', { status: 'past_due' }),
      await givenSubscription(trx(), 'pro', { status: 'past_due' }),
    ].map((subscription) => subscription.userId);
    await givenSubscription(trx(), 'plus', { status: 'past_due' });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ status: 'past_due', plan: 'pro', limit: 2, cursor });
      expect(page.subscriptions.length).toBeLessThanOrEqual(2);
      for (const subscription of page.subscriptions) {
        expect(subscription).toMatchObject({ status: 'past_due', plan: { slug: 'pro' } });
        seen.push(subscription.userId);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(mine));
  });

  it('refuses an unknown status, an unknown plan and a malformed cursor', async () => {
    await expect(list({ status: 'paused', limit: 10 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(list({ plan: 'no-such-plan', limit: 10 })).rejects.toMatchObject({ code: 'plan_not_found' });
    await expect(list({ cursor: 'x', limit: 10 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
