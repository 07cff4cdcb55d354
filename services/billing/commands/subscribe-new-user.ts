import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { subscriptionScope } from '../plan-cache';
import { billingStore } from '../store';
import { isUserId } from '../../internal/user-id';

/**
 * Puts a new user on the default plan for one period. Returns false, and
 * changes nothing, when the user already has a subscription, so a
 * redelivered signup never resets a plan the user has since changed.
 */
export async function subscribeNewUser(props: { deps: BillingDeps; userId: string }): Promise<boolean> {
  const { db, cache } = props.deps;
  if (!isUserId(props.userId)) throw BILLING_ERRORS.invalidUserId();
  const plan = await billingStore.findDefaultPlan(db);
  if (!plan) throw BILLING_ERRORS.noDefaultPlan();
  return cache.write([subscriptionScope(props.userId)], () =>
    billingStore.insertSubscriptionIfAbsent(db, {
      userId: props.userId,
      planId: plan.id,
      periodDays: plan.period_days,
    }),
  );
}
