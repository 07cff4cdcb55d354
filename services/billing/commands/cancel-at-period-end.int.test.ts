import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { changesOf, givenSubscription } from '../testing/subscriptions';
import { cancelAtPeriodEnd } from './cancel-at-period-end';

describe('cancelAtPeriodEnd', () => {
  const { trx } = rolledBackTransactions();

  it('marks a paid subscription canceled until its period end, once', async () => {
    const { userId, end } = await givenSubscription(trx(), 'plus', { scheduledSlug: 'free' });
    const deps = testSubscriptionDeps(trx());
    const canceled = await cancelAtPeriodEnd({ deps, userId });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancelAtPeriodEnd: true,
      currentPeriodEnd: end.toISOString(),
    });
    expect(await cancelAtPeriodEnd({ deps, userId })).toEqual(canceled);
    expect(await changesOf(trx(), userId)).toEqual(['canceled']);
  });

  it('refuses a free or an expired subscription with subscription_not_cancelable', async () => {
    const deps = testSubscriptionDeps(trx());
    const free = await givenSubscription(trx(), 'free');
    await expect(cancelAtPeriodEnd({ deps, userId: free.userId })).rejects.toMatchObject({
      code: 'subscription_not_cancelable',
    });
    const expired = await givenSubscription(trx(), 'plus', { status: 'expired' });
    await expect(cancelAtPeriodEnd({ deps, userId: expired.userId })).rejects.toMatchObject({
      code: 'subscription_not_cancelable',
    });
  });
});
