import { randomUUID } from 'node:crypto';
import { getSubscriptionStats } from './get-subscription-stats';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('getSubscriptionStats', () => {
  const { trx } = rolledBackTransactions();

  it('counts active subscriptions per plan, and only active ones', async () => {
    // One snapshot: other tests' signups cannot change the counts between the reads.
    await trx().raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const [plan] = await trx()
      .withSchema('billing')
      .table('plans')
      .insert({
        slug: `stats-${randomUUID()}`,
        name: 'Stats',
        storage_quota_bytes: 1,
        max_file_size_bytes: 1,
        trash_retention_seconds: 1,
        period_days: 30,
        price_cents: 1,
      })
      .returning(['id', 'slug']);
    const free = await trx().withSchema('billing').table('plans').where({ slug: 'free' }).first();
    const freeBefore = (await getSubscriptionStats({ deps: { db: trx() } })).find(
      (row) => row.planSlug === 'free',
    )?.active;
    const subscribe = (planId: string, status: string) =>
      trx()
        .withSchema('billing')
        .table('subscriptions')
        .insert({ user_id: randomUUID(), plan_id: planId, status });
    await subscribe(plan.id, 'active');
    await subscribe(plan.id, 'active');
    await subscribe(plan.id, 'canceled');
    await subscribe(plan.id, 'expired');
    await subscribe(free.id, 'active');

    const stats = await getSubscriptionStats({ deps: { db: trx() } });
    expect(stats.find((row) => row.planSlug === plan.slug)).toEqual({ planSlug: plan.slug, active: 2n });
    expect(stats.find((row) => row.planSlug === 'free')?.active).toBe((freeBefore ?? 0n) + 1n);
  });
});
