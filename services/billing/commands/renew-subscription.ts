import type { RenewalOutcome } from '../../../workflows/subscription/contract';
import { BILLING_ERRORS } from '../errors';
import { chargeOnce } from '../payments/charge';
import { periodMs, type SubscriptionDeps } from '../subscription-deps';
import { subscriptionState, subscriptionStore, writeSubscription } from '../subscription-store';

/**
 * Renews the period that ended at `periodEnd`: charges the plan of the next
 * period (a cheaper plan chosen earlier takes over now) with attempt `attempt`'s
 * idempotency key and, once paid, starts the next period at `newPeriodStart`.
 * A declined charge makes the subscription past_due. Idempotent: a period
 * already renewed (or ended otherwise) is answered as it is.
 */
export async function renewSubscription(props: {
  deps: SubscriptionDeps;
  userId: string;
  periodEnd: string;
  newPeriodStart: string;
  attempt: number;
}): Promise<RenewalOutcome> {
  const { deps, userId } = props;
  const loaded = await subscriptionStore.load(deps.db, userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  const { row } = loaded;
  const actedOn =
    row.status === 'expired' || row.current_period_end?.getTime() !== Date.parse(props.periodEnd);
  if (actedOn) return { outcome: 'renewed', state: subscriptionState(loaded) };

  const next = loaded.scheduledPlan ?? loaded.plan;
  const start = new Date(props.newPeriodStart);
  const end = new Date(start.getTime() + periodMs(deps.settings, next));
  const change = loaded.scheduledPlan ? 'downgraded' : 'renewed';
  if (next.price_cents > 0) {
    const payment = await chargeOnce(deps, {
      idempotencyKey: `renewal:${userId}:${props.periodEnd}:${props.attempt}`,
      userId,
      planId: next.id,
      planSlug: next.slug,
      amountCents: next.price_cents,
      periodStart: start,
      periodEnd: end,
    });
    if (payment.outcome === 'failed') {
      const pastDue =
        row.status === 'past_due'
          ? loaded
          : await writeSubscription(deps, userId, 'past_due', { status: 'past_due' });
      return {
        outcome: 'payment_failed',
        state: subscriptionState(pastDue),
        error: payment.error ?? 'declined',
      };
    }
  }
  const renewed = await writeSubscription(deps, userId, change, {
    plan_id: next.id,
    scheduled_plan_id: null,
    status: 'active',
    current_period_start: start,
    current_period_end: end,
  });
  return { outcome: 'renewed', state: subscriptionState(renewed) };
}
