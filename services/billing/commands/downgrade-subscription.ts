import type { SubscriptionState } from '../../../workflows/subscription/contract';
import { BILLING_ERRORS } from '../errors';
import { billingStore } from '../store';
import { periodMs, type SubscriptionDeps } from '../subscription-deps';
import { subscriptionState, subscriptionStore, writeSubscription } from '../subscription-store';

/**
 * The grace period of a past-due subscription ran out: the user moves to the
 * default plan, whose period starts now. Files above its quota stay; the
 * files service refuses new uploads until usage fits (account_over_quota).
 * Idempotent: only a past-due subscription of that period is downgraded.
 */
export async function downgradeSubscription(props: {
  deps: SubscriptionDeps;
  userId: string;
  periodEnd: string;
}): Promise<SubscriptionState> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  const { row } = loaded;
  if (row.status !== 'past_due' || row.current_period_end?.getTime() !== Date.parse(props.periodEnd))
    return subscriptionState(loaded);
  const fallback = await billingStore.findDefaultPlan(deps.db);
  if (!fallback) throw BILLING_ERRORS.noDefaultPlan();
  const start = new Date();
  const downgraded = await writeSubscription(deps, userId, 'downgraded', {
    plan_id: fallback.id,
    scheduled_plan_id: null,
    status: 'active',
    cancel_at_period_end: false,
    current_period_start: start,
    current_period_end: new Date(start.getTime() + periodMs(deps.settings, fallback)),
  });
  return subscriptionState(downgraded);
}
