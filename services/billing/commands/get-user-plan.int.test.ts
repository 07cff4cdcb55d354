import { randomUUID } from 'node:crypto';
import { getUserPlan } from './get-user-plan';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getUserPlan', () => {
  const { trx } = rolledBackTransactions();

  // Each test runs in a transaction that is rolled back, so the plans and
  // subscriptions it adds never reach other tests.

  const planId = async (slug: string) =>
    (await trx().withSchema('billing').table('plans').where({ slug }).first<{ id: string }>('id')).id;
  const subscribe = async (userId: string, slug: string, status = 'active') =>
    trx()
      .withSchema('billing')
      .table('subscriptions')
      .insert({ user_id: userId, plan_id: await planId(slug), status });

  it('returns the default free plan for a user without a subscription', async () => {
    const plan = await getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId: randomUUID() });
    expect(plan).toMatchObject({ slug: 'free', is_default: true, price_cents: 0 });
    expect(plan.storage_quota_bytes).toBe(String(5 * 1024 ** 3));
  });

  it('returns the plan of the user’s active subscription', async () => {
    const userId = randomUUID();
    await subscribe(userId, 'plus');
    expect(await getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId })).toMatchObject({
      slug: 'plus',
      price_cents: 499,
    });
  });

  it('returns the free plan once the subscription has expired', async () => {
    const userId = randomUUID();
    await subscribe(userId, 'pro', 'expired');
    expect(await getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId })).toMatchObject({
      slug: 'free',
    });
  });

  // Canceled ends at the period end, past due is in its grace period: both are still paid for.
  it.each(['canceled', 'past_due'])('keeps the plan of a subscription that is %s', async (status) => {
    const userId = randomUUID();
    await subscribe(userId, 'pro', status);
    expect(await getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId })).toMatchObject({
      slug: 'pro',
    });
  });

  it('keeps a subscriber on a plan that was retired after they bought it', async () => {
    const userId = randomUUID();
    await subscribe(userId, 'pro');
    await trx()
      .withSchema('billing')
      .table('plans')
      .where({ slug: 'pro' })
      .update({ retired_at: trx().fn.now() });
    expect(await getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId })).toMatchObject({
      slug: 'pro',
    });
  });

  it('refuses a user id that is not a UUID with invalid_argument', async () => {
    await expect(
      getUserPlan({ deps: { db: trx(), cache: NO_CACHE }, userId: 'nobody' }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
