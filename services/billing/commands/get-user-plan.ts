import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { billingStore, type PlanRow } from '../store';
import type { Database } from '../../internal/db';
import { isUserId } from '../../internal/user-id';
import { PLANS_SCOPE, subscriptionScope, userPlanKey } from '../plan-cache';

/**
 * The plan whose limits apply to a user: their subscription's while it is
 * paid for (active, past due in its grace period, or canceled until the
 * period end), else the default plan. A user without a subscription (the
 * signup event not consumed yet) or with an expired one is on the default plan.
 */
export async function getUserPlan(props: { deps: BillingDeps; userId: string }): Promise<PlanRow> {
  const { db, cache } = props.deps;
  const { userId } = props;
  if (!isUserId(userId)) throw BILLING_ERRORS.invalidUserId();
  // Asked on every /v1/me and every upload; changed by a plan sync or a new subscription.
  return cache.read({
    key: userPlanKey(userId),
    scopes: [PLANS_SCOPE, subscriptionScope(userId)],
    load: () => loadUserPlan(db, userId),
  });
}

async function loadUserPlan(db: Database, userId: string): Promise<PlanRow> {
  const subscribed = await billingStore.findActiveSubscriptionPlan(db, userId);
  if (subscribed) return subscribed;
  const fallback = await billingStore.findDefaultPlan(db);
  if (!fallback) throw BILLING_ERRORS.noDefaultPlan();
  return fallback;
}
