import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { billingStore, type PlanRow } from '../store';
import { isUserId } from '../../internal/user-id';

/**
 * The plan whose limits apply to a user: their active subscription's, else
 * the default plan. A user without a subscription (the signup event not
 * consumed yet, or a canceled or expired subscription) is on the default plan.
 */
export async function getUserPlan(props: { deps: BillingDeps; userId: string }): Promise<PlanRow> {
  const { db } = props.deps;
  if (!isUserId(props.userId)) throw BILLING_ERRORS.invalidUserId();
  const subscribed = await billingStore.findActiveSubscriptionPlan(db, props.userId);
  if (subscribed) return subscribed;
  const fallback = await billingStore.findDefaultPlan(db);
  if (!fallback) throw BILLING_ERRORS.noDefaultPlan();
  return fallback;
}
