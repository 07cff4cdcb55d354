import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { changesOf, givenSubscription } from '../testing/subscriptions';
import { downgradeSubscription } from './downgrade-subscription';

describe('downgradeSubscription', () => {
  const { trx } = rolledBackTransactions();

  it('moves a past-due subscription to the default plan with a new period, once', async () => {
    const { userId, end } = await givenSubscription(trx(), 'pro', { status: 'past_due' });
    const deps = testSubscriptionDeps(trx());
    const downgraded = await downgradeSubscription({ deps, userId, periodEnd: end.toISOString() });
    expect(downgraded).toMatchObject({ planSlug: 'free', status: 'active', priceCents: 0 });
    expect(await downgradeSubscription({ deps, userId, periodEnd: end.toISOString() })).toEqual(downgraded);
    expect(await changesOf(trx(), userId)).toEqual(['downgraded']);
  });

  it('leaves a subscription that was paid in the meantime alone', async () => {
    const { userId, end } = await givenSubscription(trx(), 'pro');
    expect(
      await downgradeSubscription({
        deps: testSubscriptionDeps(trx()),
        userId,
        periodEnd: end.toISOString(),
      }),
    ).toMatchObject({ planSlug: 'pro', status: 'active' });
    expect(await changesOf(trx(), userId)).toEqual([]);
  });
});
