import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { changesOf, givenSubscription, paymentsOf } from '../testing/subscriptions';
import { renewSubscription } from './renew-subscription';

const DAY_MS = 86_400_000;

describe('renewSubscription', () => {
  const { trx } = rolledBackTransactions();
  const deps = (failUsers = '') =>
    testSubscriptionDeps(trx(), { env: { PAYMENTS_TEST_FAIL_USERS: failUsers } });
  const renew = (userId: string, end: Date, attempt = 0, failUsers = '') =>
    renewSubscription({
      deps: deps(failUsers),
      userId,
      periodEnd: end.toISOString(),
      newPeriodStart: end.toISOString(),
      attempt,
    });

  it('charges the plan and starts the next period at the old end; a repeat changes nothing', async () => {
    const { userId, end } = await givenSubscription(trx(), 'plus');
    const renewed = await renew(userId, end);
    expect(renewed).toMatchObject({
      outcome: 'renewed',
      state: {
        planSlug: 'plus',
        status: 'active',
        currentPeriodStart: end.toISOString(),
        currentPeriodEnd: new Date(end.getTime() + 30 * DAY_MS).toISOString(),
      },
    });
    expect(await renew(userId, end)).toEqual(renewed);
    expect(
      (await paymentsOf(trx(), userId)).map((payment) => [payment.amount_cents, payment.outcome]),
    ).toEqual([[499, 'succeeded']]);
    expect(await changesOf(trx(), userId)).toEqual(['renewed']);
  });

  it('marks the subscription past_due on a declined charge, recording each attempt once', async () => {
    const { userId, end } = await givenSubscription(trx(), 'pro');
    const failed = await renew(userId, end, 0, userId);
    expect(failed).toMatchObject({
      outcome: 'payment_failed',
      state: { status: 'past_due', planSlug: 'pro' },
    });
    await renew(userId, end, 0, userId); // the same attempt again: answered from billing.payments
    await renew(userId, end, 1, userId);
    expect((await paymentsOf(trx(), userId)).map((payment) => payment.outcome)).toEqual(['failed', 'failed']);
    expect(await changesOf(trx(), userId)).toEqual(['past_due']);
    // A later attempt that is paid renews from the old end.
    expect(await renew(userId, end, 2)).toMatchObject({
      outcome: 'renewed',
      state: { status: 'active', currentPeriodStart: end.toISOString() },
    });
  });

  it('moves to the cheaper plan scheduled for the period end, charging its price', async () => {
    const { userId, end } = await givenSubscription(trx(), 'pro', { scheduledSlug: 'plus' });
    expect(await renew(userId, end)).toMatchObject({ outcome: 'renewed', state: { planSlug: 'plus' } });
    expect((await paymentsOf(trx(), userId)).map((payment) => payment.amount_cents)).toEqual([499]);
    expect(await changesOf(trx(), userId)).toEqual(['downgraded']);
  });
});
