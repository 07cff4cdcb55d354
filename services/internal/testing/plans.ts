import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface TestPlanLimits {
  quota: number;
  maxFile: number;
  trashSeconds: number;
}

/**
 * Gives a user a plan of their own (a billing.plans row and a subscription
 * to it), so a test or benchmark can have a tiny quota or a trash that
 * empties in seconds. Returns the plan id.
 */
export async function usePlan(
  db: Knex,
  userId: string,
  limits: TestPlanLimits,
  slugPrefix = 'test',
): Promise<string> {
  const slug = `${slugPrefix}-${randomUUID()}`;
  const [row] = await db('billing.plans')
    .insert({
      slug,
      name: slug,
      storage_quota_bytes: limits.quota,
      max_file_size_bytes: limits.maxFile,
      trash_retention_seconds: limits.trashSeconds,
      period_days: 30,
      price_cents: 0,
    })
    .returning<Array<{ id: string }>>('id');
  await db('billing.subscriptions')
    .insert({ user_id: userId, plan_id: row!.id })
    .onConflict('user_id')
    .merge();
  return row!.id;
}
