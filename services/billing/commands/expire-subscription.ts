import type { SubscriptionState } from '../../../workflows/subscription/contract';
import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { subscriptionState, subscriptionStore, writeSubscription } from '../subscription-store';

/**
 * Ends the subscription: at its period end when it was canceled, or now when
 * an admin forces it (the period then ends now). The default plan's limits
 * apply from the commit on; nothing is deleted. Idempotent.
 */
export async function expireSubscription(props: {
  deps: BillingDeps;
  userId: string;
  periodEnd: string;
}): Promise<SubscriptionState> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  if (loaded.row.status === 'expired') return subscriptionState(loaded);
  const now = new Date();
  const end = new Date(Math.min(Date.parse(props.periodEnd), now.getTime()));
  const expired = await writeSubscription(deps, userId, 'expired', {
    status: 'expired',
    cancel_at_period_end: false,
    scheduled_plan_id: null,
    current_period_end: end,
  });
  return subscriptionState(expired);
}
