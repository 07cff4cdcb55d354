import type { SubscriptionState } from '../../../workflows/subscription/contract';
import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { subscriptionState, subscriptionStore, writeSubscription } from '../subscription-store';

/**
 * Marks a running paid subscription to end at its period end (status
 * canceled until then; a past-due one ends at the workflow's next step).
 * Idempotent: a subscription already canceled is answered as it is.
 */
export async function cancelAtPeriodEnd(props: {
  deps: BillingDeps;
  userId: string;
}): Promise<SubscriptionState> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded || loaded.row.status === 'expired' || loaded.plan.price_cents === 0)
    throw BILLING_ERRORS.notCancelable();
  if (loaded.row.cancel_at_period_end) return subscriptionState(loaded);
  const canceled = await writeSubscription(deps, userId, 'canceled', {
    status: loaded.row.status === 'past_due' ? 'past_due' : 'canceled',
    cancel_at_period_end: true,
    scheduled_plan_id: null,
  });
  return subscriptionState(canceled);
}
