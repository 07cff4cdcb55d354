import type { BillingDeps } from '../deps';

/**
 * For the admin stats: active subscriptions per plan slug (every plan with
 * at least one). Reads the subscriptions table directly: one grouped count,
 * never cached, asked only by admins.
 */
export async function getSubscriptionStats(props: {
  deps: Pick<BillingDeps, 'db'>;
}): Promise<Array<{ planSlug: string; active: bigint }>> {
  const rows: Array<{ slug: string; active: string }> = await props.deps.db
    .withSchema('billing')
    .table('subscriptions as s')
    .join('plans as p', 'p.id', 's.plan_id')
    .where('s.status', 'active')
    .groupBy('p.slug')
    .orderBy('p.slug')
    .select('p.slug')
    .count({ active: '*' });
  return rows.map((row) => ({ planSlug: row.slug, active: BigInt(row.active) }));
}
