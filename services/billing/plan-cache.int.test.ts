import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import knex from 'knex';
import { GuardedCache, READ_CACHE_NAMESPACE } from '../internal/cache/guarded-cache';
import { requireTestEnv } from '../internal/testing/require-env';
import { applyPlan } from './commands/apply-plan';
import { getUserPlan } from './commands/get-user-plan';
import type { BillingDeps } from './deps';
import type { PlanTerms } from './plan-terms';
import { PLANS_SCOPE, subscriptionScope, userPlanKey } from './plan-cache';

// Two billing instances, as two replicas run them: each its own Postgres pool
// and its own Redis connection, the cache configured as module.ts does. What
// is committed here is removed at the end; the plan is one of the test's own.
describe('the cached user plan across two billing instances', () => {
  const env = requireTestEnv(['DATABASE_URL', 'REDIS_URL']);
  const keyPrefix = process.env.REDIS_KEY_PREFIX ?? '';
  const redis = [1, 2].map(() => new Redis(env.REDIS_URL, { keyPrefix, maxRetriesPerRequest: 1 }));
  const pools = [1, 2].map(() =>
    knex({ client: 'pg', connection: env.DATABASE_URL, pool: { min: 0, max: 2 } }),
  );
  const [a, b] = [0, 1].map((i): BillingDeps => ({
    db: pools[i]!,
    cache: new GuardedCache(redis[i]!, READ_CACHE_NAMESPACE),
  })) as [BillingDeps, BillingDeps];
  const userId = randomUUID();
  const slug = `test-cache-${randomUUID().slice(0, 8)}`;
  const terms = (quota: bigint): PlanTerms => ({
    slug,
    name: 'Cache test',
    storageQuotaBytes: quota,
    maxFileSizeBytes: 1024n,
    trashRetentionSeconds: 86_400,
    periodDays: 30,
    priceCents: 1,
  });

  afterAll(async () => {
    // Through the guards too, so no replica keeps a plan that is gone.
    await a.cache.write([subscriptionScope(userId)], () =>
      a.db('billing.subscriptions').where({ user_id: userId }).delete(),
    );
    await a.cache.write([PLANS_SCOPE], () => a.db('billing.plans').where({ slug }).delete());
    await Promise.all(pools.map((pool) => pool.destroy()));
    redis.forEach((connection) => connection.disconnect());
  });

  it('answers the new terms on both instances right after a plan sync changed them', async () => {
    const { plan } = await applyPlan({ deps: a, terms: terms(1000n), makeDefault: false });
    // A subscription to it, written as billing's writers do: under the user's guard.
    await a.cache.write([subscriptionScope(userId)], () =>
      a.db('billing.subscriptions').insert({ user_id: userId, plan_id: plan.id, status: 'active' }),
    );

    expect(await getUserPlan({ deps: b, userId })).toMatchObject({ slug, storage_quota_bytes: '1000' });
    expect(await getUserPlan({ deps: a, userId })).toMatchObject({ slug, storage_quota_bytes: '1000' });
    expect(await redis[0]!.exists(`${READ_CACHE_NAMESPACE}:value:${userPlanKey(userId)}`)).toBe(1);

    await applyPlan({ deps: a, terms: terms(2000n), makeDefault: false });
    expect(await getUserPlan({ deps: b, userId })).toMatchObject({ storage_quota_bytes: '2000' });
    expect(await getUserPlan({ deps: a, userId })).toMatchObject({ storage_quota_bytes: '2000' });

    await applyPlan({ deps: b, terms: terms(3000n), makeDefault: false });
    expect(await getUserPlan({ deps: a, userId })).toMatchObject({ storage_quota_bytes: '3000' });
    expect(await getUserPlan({ deps: b, userId })).toMatchObject({ storage_quota_bytes: '3000' });
  });

  it('answers the user’s own plan on both instances right after their subscription changed', async () => {
    const other = randomUUID();
    // No subscription yet: the default plan, now cached for this user.
    expect(await getUserPlan({ deps: b, userId: other })).toMatchObject({ is_default: true });
    const { plan } = await applyPlan({ deps: a, terms: terms(3000n), makeDefault: false });
    await a.cache.write([subscriptionScope(other)], () =>
      a.db('billing.subscriptions').insert({ user_id: other, plan_id: plan.id, status: 'active' }),
    );
    try {
      expect(await getUserPlan({ deps: b, userId: other })).toMatchObject({ slug });
      expect(await getUserPlan({ deps: a, userId: other })).toMatchObject({ slug });
    } finally {
      await a.cache.write([subscriptionScope(other)], () =>
        a.db('billing.subscriptions').where({ user_id: other }).delete(),
      );
    }
  });
});
