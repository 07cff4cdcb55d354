import { randomUUID } from 'node:crypto';
import { BILLING_ERRORS } from '../errors';
import { subscribeNewUser } from './subscribe-new-user';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('subscribeNewUser', () => {
  const { trx } = rolledBackTransactions();

  // Each test runs in a transaction that is rolled back, so its
  // subscriptions and plan changes never reach other tests.

  const subscriptionOf = (userId: string) =>
    trx().withSchema('billing').table('subscriptions').where({ user_id: userId }).first();
  const planId = async (slug: string) =>
    (await trx().withSchema('billing').table('plans').where({ slug }).first<{ id: string }>('id')).id;

  it('puts a new user on the default plan, active for one period of that plan', async () => {
    const userId = randomUUID();
    expect(await subscribeNewUser({ deps: { db: trx(), cache: NO_CACHE }, userId })).toBe(true);
    const defaultPlan = await trx().withSchema('billing').table('plans').where({ is_default: true }).first();
    const subscription = await subscriptionOf(userId);
    expect(subscription).toMatchObject({
      plan_id: defaultPlan.id,
      status: 'active',
      cancel_at_period_end: false,
    });
    const [{ now }] = (await trx().raw('select now() as now')).rows as [{ now: Date }];
    const days = (subscription.current_period_end.getTime() - now.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(defaultPlan.period_days, 5);
  });

  it('changes nothing and answers false for a user who already has a subscription', async () => {
    const userId = randomUUID();
    await subscribeNewUser({ deps: { db: trx(), cache: NO_CACHE }, userId });
    // The user has since moved to another plan; a redelivered signup must not undo that.
    const plus = await planId('plus');
    await trx()
      .withSchema('billing')
      .table('subscriptions')
      .where({ user_id: userId })
      .update({ plan_id: plus });
    expect(await subscribeNewUser({ deps: { db: trx(), cache: NO_CACHE }, userId })).toBe(false);
    expect((await subscriptionOf(userId)).plan_id).toBe(plus);
  });

  it('refuses a user id that is not a UUID with invalidUserId, before touching the database', async () => {
    await expect(
      subscribeNewUser({ deps: { db: trx(), cache: NO_CACHE }, userId: 'nobody' }),
    ).rejects.toMatchObject({
      code: BILLING_ERRORS.invalidUserId().code,
    });
  });

  it('fails with noDefaultPlan, subscribing nobody, when no plan is the default', async () => {
    await trx().withSchema('billing').table('plans').update({ is_default: false });
    const userId = randomUUID();
    await expect(subscribeNewUser({ deps: { db: trx(), cache: NO_CACHE }, userId })).rejects.toMatchObject({
      code: BILLING_ERRORS.noDefaultPlan().code,
    });
    expect(await subscriptionOf(userId)).toBeUndefined();
  });
});
