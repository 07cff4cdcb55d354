import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { TestPaymentProvider } from '../payments/test-provider';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { givenSubscription } from '../testing/subscriptions';
import { setPaymentOutcome } from './set-payment-outcome';

describe('setPaymentOutcome', () => {
  const { trx } = rolledBackTransactions();
  const charge = (userId: string, failUsers: string[] = []) =>
    new TestPaymentProvider(trx(), failUsers).charge({
      idempotencyKey: `test:${randomUUID()}`,
      userId,
      amountCents: 499,
      description: 'test',
    });

  it('makes the test provider decline, then accept again, the user’s charges', async () => {
    const { userId } = await givenSubscription(trx(), 'plus');
    const deps = testSubscriptionDeps(trx());
    expect(await charge(userId)).toMatchObject({ outcome: 'succeeded' });
    expect(await setPaymentOutcome({ deps, userId, outcome: 'fail' })).toMatchObject({ userId });
    expect(await charge(userId)).toMatchObject({ outcome: 'failed' });
    await setPaymentOutcome({ deps, userId, outcome: 'succeed' });
    // The admin's choice wins over PAYMENTS_TEST_FAIL_USERS.
    expect(await charge(userId, [userId])).toMatchObject({ outcome: 'succeeded' });
  });

  it('declines for users listed in PAYMENTS_TEST_FAIL_USERS when no admin chose', async () => {
    const userId = randomUUID();
    expect(await charge(userId, [userId])).toMatchObject({ outcome: 'failed' });
  });

  it('refuses an unknown outcome and a user without a subscription', async () => {
    const deps = testSubscriptionDeps(trx());
    const { userId } = await givenSubscription(trx(), 'plus');
    await expect(setPaymentOutcome({ deps, userId, outcome: 'maybe' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(setPaymentOutcome({ deps, userId: randomUUID(), outcome: 'fail' })).rejects.toMatchObject({
      code: 'subscription_not_found',
    });
  });
});
