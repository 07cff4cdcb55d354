import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import type { PlanRow } from '../store';
import { periodMs } from '../subscription-deps';
import { subscriptionStore, type LoadedSubscription } from '../subscription-store';
import type { ConfigSection } from '../../internal/config';
import { isUserId } from '../../internal/user-id';
import type { SubscriptionStatus } from '../../../workflows/subscription/contract';

export interface SubscriptionView {
  userId: string;
  plan: PlanRow;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  nextCharge: { amountCents: number; at: Date } | null;
  scheduledPlan: PlanRow | null;
}

/** The user's subscription as the API shows it. */
export async function getSubscription(props: {
  deps: BillingDeps & { settings: ConfigSection<'subscriptions'> };
  userId: string;
}): Promise<SubscriptionView> {
  if (!isUserId(props.userId)) throw BILLING_ERRORS.invalidUserId();
  const loaded = await subscriptionStore.load(props.deps.db, props.userId);
  if (!loaded) throw BILLING_ERRORS.subscriptionNotFound();
  return subscriptionView(loaded, props.deps.settings, new Date());
}

/**
 * A paid subscription's period is the one its workflow keeps. A free one
 * runs no workflow (nothing to charge or remind), so its period is rolled
 * forward from the stored one, period after period, to the one containing now.
 */
export function subscriptionView(
  loaded: LoadedSubscription,
  settings: ConfigSection<'subscriptions'>,
  now: Date,
): SubscriptionView {
  const { row, plan, scheduledPlan } = loaded;
  let start = row.current_period_start;
  let end = row.current_period_end ?? new Date(start.getTime() + periodMs(settings, plan));
  if (plan.price_cents === 0 && row.status === 'active' && end.getTime() <= now.getTime()) {
    const length = periodMs(settings, plan);
    const passed = Math.floor((now.getTime() - end.getTime()) / length) + 1;
    start = new Date(end.getTime() + (passed - 1) * length);
    end = new Date(start.getTime() + length);
  }
  const next = scheduledPlan ?? plan;
  const charges = (row.status === 'active' || row.status === 'past_due') && next.price_cents > 0;
  return {
    userId: row.user_id,
    plan,
    status: row.status,
    currentPeriodStart: start,
    currentPeriodEnd: end,
    cancelAtPeriodEnd: row.cancel_at_period_end,
    nextCharge: charges ? { amountCents: next.price_cents, at: end } : null,
    scheduledPlan,
  };
}
