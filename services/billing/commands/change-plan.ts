import { randomUUID } from 'node:crypto';
import { changePlanUpdate, runsLifecycle } from '../../../workflows/subscription/contract';
import { isUserId } from '../../internal/user-id';
import { BILLING_ERRORS } from '../errors';
import { chargeOnce } from '../payments/charge';
import { billingStore, type PlanRow } from '../store';
import { periodMs, type SubscriptionDeps } from '../subscription-deps';
import { startSubscriptionWorkflow, updateRunningSubscription } from '../subscription-process';
import { subscriptionState, subscriptionStore } from '../subscription-store';
import { writeSubscription } from '../subscription-store';
import { getSubscription, type SubscriptionView } from './get-subscription';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * POST /v1/subscription: starts or changes the user's plan (by id or slug).
 * Without a running paid subscription (on a free plan, or expired), a paid
 * plan is charged in full and starts a period now, and `subscription:<userId>`
 * is started; a free plan just starts. With one, the change goes to the
 * workflow as an update (upgrade at once, prorated; downgrade at the period end).
 */
export async function changePlan(props: {
  deps: SubscriptionDeps;
  userId: string;
  plan: string;
}): Promise<SubscriptionView> {
  const { deps, userId } = props;
  if (!isUserId(userId)) throw BILLING_ERRORS.invalidUserId();
  const plan = await resolvePlan(deps, props.plan);
  const loaded = await subscriptionStore.load(deps.db, userId);
  const state = loaded ? subscriptionState(loaded) : null;

  if (loaded && state && runsLifecycle(state)) {
    const { row } = loaded;
    const nothingPending = !row.cancel_at_period_end && !row.scheduled_plan_id;
    if ((plan.id === row.plan_id && nothingPending) || plan.id === row.scheduled_plan_id)
      throw BILLING_ERRORS.samePlan();
    if (row.status === 'past_due' && plan.id !== row.plan_id) throw BILLING_ERRORS.pastDue();
    if (plan.retired_at && plan.id !== row.plan_id) throw BILLING_ERRORS.planRetired();
    const request = { planId: plan.id, requestId: randomUUID() };
    await updateRunningSubscription(deps, state, changePlanUpdate, request);
    return getSubscription({ deps, userId });
  }

  if (loaded && loaded.row.status !== 'expired' && plan.id === loaded.row.plan_id)
    throw BILLING_ERRORS.samePlan();
  if (plan.retired_at) throw BILLING_ERRORS.planRetired();
  const start = new Date();
  const end = new Date(start.getTime() + periodMs(deps.settings, plan));
  if (plan.price_cents > 0) {
    const payment = await chargeOnce(deps, {
      idempotencyKey: `subscribe:${userId}:${randomUUID()}`,
      userId,
      planId: plan.id,
      planSlug: plan.slug,
      amountCents: plan.price_cents,
      periodStart: start,
      periodEnd: end,
    });
    if (payment.outcome === 'failed') throw BILLING_ERRORS.paymentFailed(payment.error ?? 'declined');
  }
  const subscribed = await writeSubscription(deps, userId, 'subscribed', {
    plan_id: plan.id,
    status: 'active',
    cancel_at_period_end: false,
    scheduled_plan_id: null,
    current_period_start: start,
    current_period_end: end,
  });
  if (plan.price_cents > 0) await startSubscriptionWorkflow(deps, subscriptionState(subscribed));
  return getSubscription({ deps, userId });
}

/** A plan on sale by id or slug; a retired one is refused where it matters (not to resume it). */
async function resolvePlan(deps: SubscriptionDeps, ref: string): Promise<PlanRow> {
  const plan = UUID.test(ref)
    ? await subscriptionStore.findPlanById(deps.db, ref)
    : await billingStore.findPlanBySlug(deps.db, ref);
  if (!plan) throw BILLING_ERRORS.planNotFound();
  return plan;
}
