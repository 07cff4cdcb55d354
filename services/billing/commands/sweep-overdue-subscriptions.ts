import type { SubscriptionDeps } from '../subscription-deps';
import { startSubscriptionWorkflow } from '../subscription-process';
import { subscriptionState, subscriptionStore } from '../subscription-store';

// A running workflow acts at the period end; a paid period this far past its
// end without a renewal or expiry has no workflow (its start was lost).
const OVERDUE_AFTER_MS = 60_000;
const BATCH = 100;

/** Starts `subscription:<userId>` for paid subscriptions whose period ended and nothing acted on it. */
export async function sweepOverdueSubscriptions(props: { deps: SubscriptionDeps }): Promise<number> {
  const { deps } = props;
  const overdue = await subscriptionStore.listOverdue(
    deps.db,
    new Date(Date.now() - OVERDUE_AFTER_MS),
    BATCH,
  );
  for (const userId of overdue) {
    const loaded = await subscriptionStore.load(deps.db, userId);
    if (loaded) await startSubscriptionWorkflow(deps, subscriptionState(loaded));
  }
  return overdue.length;
}
