import type { SubscriptionState } from '../../../workflows/subscription/contract';
import { BILLING_ERRORS } from '../errors';
import { chargeOnce } from '../payments/charge';
import { periodMs, type SubscriptionDeps } from '../subscription-deps';
import {
  subscriptionState,
  subscriptionStore,
  writeSubscription,
  type LoadedSubscription,
} from '../subscription-store';

/**
 * A plan change of a running paid subscription (the workflow's changePlan update):
 * - a dearer plan applies at once; the difference is charged prorated to
 *   what is left of the period, and a declined charge changes nothing;
 * - a cheaper (or equally priced) plan starts at the period end;
 * - the current plan again resumes a canceled subscription or drops a
 *   scheduled change.
 * Idempotent: the charge is keyed by the request, and asking for what is
 * already so changes nothing.
 */
export async function changeSubscriptionPlan(props: {
  deps: SubscriptionDeps;
  userId: string;
  planId: string;
  requestId: string;
}): Promise<SubscriptionState> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded || loaded.row.status === 'expired') throw BILLING_ERRORS.noRunningSubscription();
  const plan = await subscriptionStore.findPlanById(deps.db, props.planId);
  if (!plan) throw BILLING_ERRORS.planNotFound();
  const { row } = loaded;

  if (plan.id === row.plan_id) {
    if (!row.cancel_at_period_end && !row.scheduled_plan_id) return subscriptionState(loaded);
    const resumed = await writeSubscription(deps, userId, 'resumed', {
      status: row.status === 'canceled' ? 'active' : row.status,
      cancel_at_period_end: false,
      scheduled_plan_id: null,
    });
    return subscriptionState(resumed);
  }
  if (plan.id === row.scheduled_plan_id) return subscriptionState(loaded);
  if (plan.retired_at) throw BILLING_ERRORS.planRetired();
  if (row.status === 'past_due') throw BILLING_ERRORS.pastDue();

  if (plan.price_cents <= loaded.plan.price_cents) {
    const scheduled = await writeSubscription(deps, userId, 'downgrade_scheduled', {
      status: 'active',
      cancel_at_period_end: false,
      scheduled_plan_id: plan.id,
    });
    return subscriptionState(scheduled);
  }

  const amount = proratedUpgradeCents(
    loaded,
    plan.price_cents,
    periodMs(deps.settings, loaded.plan),
    new Date(),
  );
  if (amount > 0) {
    const payment = await chargeOnce(deps, {
      idempotencyKey: `change:${userId}:${props.requestId}`,
      userId,
      planId: plan.id,
      planSlug: plan.slug,
      amountCents: amount,
      periodStart: new Date(),
      periodEnd: row.current_period_end!,
    });
    if (payment.outcome === 'failed') throw BILLING_ERRORS.paymentFailed(payment.error ?? 'declined');
  }
  const upgraded = await writeSubscription(deps, userId, 'upgraded', {
    plan_id: plan.id,
    status: 'active',
    cancel_at_period_end: false,
    scheduled_plan_id: null,
  });
  return subscriptionState(upgraded);
}

/** The price difference for the part of the period still to come, in whole cents (rounded up). */
export function proratedUpgradeCents(
  loaded: LoadedSubscription,
  newPriceCents: number,
  periodLengthMs: number,
  now: Date,
): number {
  const end = loaded.row.current_period_end?.getTime() ?? now.getTime();
  const remaining = Math.min(Math.max(end - now.getTime(), 0), periodLengthMs);
  return Math.ceil(((newPriceCents - loaded.plan.price_cents) * remaining) / periodLengthMs);
}
