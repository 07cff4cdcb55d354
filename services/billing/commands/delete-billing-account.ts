import type { BillingDeps } from '../deps';
import { subscriptionScope } from '../plan-cache';

/**
 * Account deletion: every billing row of the user (the subscription, its
 * history, payments, test-provider outcomes: each billing table with a
 * `user_id` column, so a table added later is not forgotten), in one
 * transaction that also invalidates the cached plan. Idempotent.
 */
export async function deleteBillingAccount(props: { deps: BillingDeps; userId: string }): Promise<number> {
  const { deps, userId } = props;
  return deps.db.transaction(async (trx) => {
    await deps.cache.guardTransaction(trx, [subscriptionScope(userId)]);
    const tables = (
      await trx.raw<{ rows: Array<{ table_name: string }> }>(
        `SELECT table_name FROM information_schema.columns
         WHERE table_schema = 'billing' AND column_name = 'user_id'
         ORDER BY table_name`,
      )
    ).rows.map((row) => row.table_name);
    let deleted = 0;
    for (const table of tables)
      deleted += await trx.withSchema('billing').table(table).where({ user_id: userId }).delete();
    return deleted;
  });
}
