import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { changesOf, givenSubscription } from '../testing/subscriptions';
import { expireSubscription } from './expire-subscription';

describe('expireSubscription', () => {
  const { trx } = rolledBackTransactions();

  it('expires a canceled subscription at its period end, once', async () => {
    const past = new Date(Date.now() - 1000);
    const { userId } = await givenSubscription(trx(), 'plus', {
      status: 'canceled',
      cancelAtPeriodEnd: true,
      start: new Date(past.getTime() - 30 * 86_400_000),
      end: past,
    });
    const deps = testSubscriptionDeps(trx());
    const expired = await expireSubscription({ deps, userId, periodEnd: past.toISOString() });
    expect(expired).toMatchObject({
      status: 'expired',
      cancelAtPeriodEnd: false,
      currentPeriodEnd: past.toISOString(),
    });
    expect(await expireSubscription({ deps, userId, periodEnd: past.toISOString() })).toEqual(expired);
    expect(await changesOf(trx(), userId)).toEqual(['expired']);
  });

  it('ends a forced expiry now, not at the period end', async () => {
    const { userId, end } = await givenSubscription(trx(), 'pro');
    const expired = await expireSubscription({
      deps: testSubscriptionDeps(trx()),
      userId,
      periodEnd: end.toISOString(),
    });
    expect(Date.parse(expired.currentPeriodEnd)).toBeLessThan(end.getTime());
  });
});
