import { randomUUID } from 'node:crypto';
import { subscriptionWorkflowId } from '../../../workflows/subscription/contract';
import { startLifecycleHarness, type LifecycleHarness } from '../testing/lifecycle-harness';
import { givenSubscription, paymentsOf } from '../testing/subscriptions';
import { changePlan } from './change-plan';

describe('changePlan', () => {
  let harness: LifecycleHarness;
  const users: string[] = [];
  const freeUser = async () => {
    const { userId } = await givenSubscription(harness.db, 'free');
    users.push(userId);
    return userId;
  };

  beforeAll(async () => {
    harness = await startLifecycleHarness();
  });

  afterAll(async () => {
    for (const userId of users) await harness?.forget(userId);
    await harness?.stop();
  });

  it('moves a free user to a paid plan by slug: full price, a period from now, and the workflow running', async () => {
    const userId = await freeUser();
    const view = await changePlan({ deps: harness.deps, userId, plan: 'plus' });
    expect(view).toMatchObject({
      plan: { slug: 'plus' },
      status: 'active',
      nextCharge: { amountCents: 499 },
    });
    expect(view.currentPeriodEnd.getTime() - view.currentPeriodStart.getTime()).toBe(30 * 86_400_000);
    expect((await paymentsOf(harness.db, userId)).map((payment) => payment.amount_cents)).toEqual([499]);
    const description = await harness.client.workflow.getHandle(subscriptionWorkflowId(userId)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.searchAttributes).toMatchObject({ UserId: [userId] });
    expect(description.memo).toMatchObject({ plan: 'plus', status: 'active' });
  });

  it('sends a change of a running subscription to its workflow, by plan id, and answers the result', async () => {
    const userId = await freeUser();
    await changePlan({ deps: harness.deps, userId, plan: 'plus' });
    const pro = await harness.db('billing.plans').where({ slug: 'pro' }).first<{ id: string }>('id');
    expect(await changePlan({ deps: harness.deps, userId, plan: pro.id })).toMatchObject({
      plan: { slug: 'pro' },
    });
    expect(await changePlan({ deps: harness.deps, userId, plan: 'plus' })).toMatchObject({
      plan: { slug: 'pro' },
      scheduledPlan: { slug: 'plus' },
      nextCharge: { amountCents: 499 },
    });
  });

  it('refuses an unknown plan, the same plan, and a failed first charge, changing nothing', async () => {
    const userId = await freeUser();
    await expect(changePlan({ deps: harness.deps, userId, plan: 'no-such-plan' })).rejects.toMatchObject({
      code: 'plan_not_found',
    });
    await expect(changePlan({ deps: harness.deps, userId, plan: 'free' })).rejects.toMatchObject({
      code: 'same_plan',
    });
    await harness.db('billing.test_payment_outcomes').insert({ user_id: userId, outcome: 'fail' });
    await expect(changePlan({ deps: harness.deps, userId, plan: 'pro' })).rejects.toMatchObject({
      code: 'payment_failed',
    });
    expect((await harness.db('billing.subscriptions').where({ user_id: userId }).first()).status).toBe(
      'active',
    );
    await expect(changePlan({ deps: harness.deps, userId: randomUUID(), plan: 'x' })).rejects.toMatchObject({
      code: 'plan_not_found',
    });
  });
});
