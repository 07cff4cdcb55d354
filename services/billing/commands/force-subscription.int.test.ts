import { startLifecycleHarness, type LifecycleHarness } from '../testing/lifecycle-harness';
import { givenSubscription, paymentsOf } from '../testing/subscriptions';
import { changePlan } from './change-plan';
import { forceSubscription } from './force-subscription';

describe('forceSubscription', () => {
  let harness: LifecycleHarness;
  const users: string[] = [];
  const paidUser = async () => {
    const { userId } = await givenSubscription(harness.db, 'free');
    users.push(userId);
    await changePlan({ deps: harness.deps, userId, plan: 'plus' });
    return userId;
  };

  beforeAll(async () => {
    harness = await startLifecycleHarness();
  });

  afterAll(async () => {
    for (const userId of users) await harness?.forget(userId);
    await harness?.stop();
  });

  it('renews now: charges and starts the next period now, answering once done', async () => {
    const userId = await paidUser();
    const before = await harness.db('billing.subscriptions').where({ user_id: userId }).first();
    const renewed = await forceSubscription({ deps: harness.deps, userId, action: 'renew' });
    expect(renewed.currentPeriodStart.getTime()).toBeLessThan(before.current_period_end.getTime());
    expect(renewed.currentPeriodStart.getTime()).toBeGreaterThan(before.current_period_start.getTime());
    expect((await paymentsOf(harness.db, userId)).map((payment) => payment.outcome)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('expires now; the workflow ends', async () => {
    const userId = await paidUser();
    expect(await forceSubscription({ deps: harness.deps, userId, action: 'expire' })).toMatchObject({
      status: 'expired',
      nextCharge: null,
    });
    await expect(forceSubscription({ deps: harness.deps, userId, action: 'renew' })).rejects.toMatchObject({
      code: 'no_running_subscription',
    });
  });
});
