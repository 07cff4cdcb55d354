import { startLifecycleHarness, type LifecycleHarness } from '../testing/lifecycle-harness';
import { givenSubscription } from '../testing/subscriptions';
import { cancelSubscription } from './cancel-subscription';
import { changePlan } from './change-plan';

describe('cancelSubscription', () => {
  let harness: LifecycleHarness;
  const users: string[] = [];

  beforeAll(async () => {
    harness = await startLifecycleHarness();
  });

  afterAll(async () => {
    for (const userId of users) await harness?.forget(userId);
    await harness?.stop();
  });

  it('cancels a paid subscription at its period end through the workflow; again changes nothing', async () => {
    const { userId } = await givenSubscription(harness.db, 'free');
    users.push(userId);
    const subscribed = await changePlan({ deps: harness.deps, userId, plan: 'plus' });
    const canceled = await cancelSubscription({ deps: harness.deps, userId });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancelAtPeriodEnd: true,
      currentPeriodEnd: subscribed.currentPeriodEnd,
      nextCharge: null,
    });
    expect(await cancelSubscription({ deps: harness.deps, userId })).toEqual(canceled);
  });

  it('starts a paid subscription’s lost workflow and cancels through it', async () => {
    const { userId } = await givenSubscription(harness.db, 'pro');
    users.push(userId);
    expect(await cancelSubscription({ deps: harness.deps, userId })).toMatchObject({ status: 'canceled' });
  });

  it('refuses the free plan with subscription_not_cancelable', async () => {
    const { userId } = await givenSubscription(harness.db, 'free');
    users.push(userId);
    await expect(cancelSubscription({ deps: harness.deps, userId })).rejects.toMatchObject({
      code: 'subscription_not_cancelable',
    });
  });
});
