import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { givenSubscription } from '../testing/subscriptions';
import { loadSubscription } from './load-subscription';

describe('loadSubscription', () => {
  const { trx } = rolledBackTransactions();

  it('answers the state the workflow works with, or null', async () => {
    const { userId, start, end } = await givenSubscription(trx(), 'pro', {
      status: 'canceled',
      cancelAtPeriodEnd: true,
    });
    const deps = testSubscriptionDeps(trx());
    expect(await loadSubscription({ deps, userId })).toEqual({
      userId,
      planId: expect.any(String),
      planSlug: 'pro',
      priceCents: 1499,
      status: 'canceled',
      currentPeriodStart: start.toISOString(),
      currentPeriodEnd: end.toISOString(),
      cancelAtPeriodEnd: true,
    });
    expect(await loadSubscription({ deps, userId: randomUUID() })).toBeNull();
  });
});
