import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { SubscriptionChangedSchema } from '../../proto/gen/events/v1/events_pb.js';
import type { SubscriptionState, SubscriptionStatus } from '../../workflows/subscription/contract';
import type { Database, Transaction } from '../internal/db';
import { newEvent } from '../internal/kafka/events';
import { TOPICS } from '../internal/kafka/topics';
import { enqueueEvent } from '../internal/outbox/outbox';
import type { BillingDeps } from './deps';
import { subscriptionScope } from './plan-cache';
import type { PlanRow } from './store';

type Queryable = Database | Transaction;

export interface CurrentSubscriptionRow {
  user_id: string;
  plan_id: string;
  status: SubscriptionStatus;
  current_period_start: Date;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  scheduled_plan_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The subscription with its plan (and the plan scheduled for the period end, if any). */
export interface LoadedSubscription {
  row: CurrentSubscriptionRow;
  plan: PlanRow;
  scheduledPlan: PlanRow | null;
}

/** What a history row says happened. */
export type SubscriptionChange =
  | 'subscribed'
  | 'renewed'
  | 'upgraded'
  | 'downgrade_scheduled'
  | 'downgraded'
  | 'canceled'
  | 'resumed'
  | 'past_due'
  | 'expired';

export type SubscriptionPatch = Partial<
  Pick<
    CurrentSubscriptionRow,
    | 'plan_id'
    | 'status'
    | 'current_period_start'
    | 'current_period_end'
    | 'cancel_at_period_end'
    | 'scheduled_plan_id'
  >
>;

const plans = (db: Queryable) => db.withSchema('billing').table<PlanRow>('plans');

export const subscriptionStore = {
  async load(db: Queryable, userId: string, options: { lock?: boolean } = {}) {
    const query = db.withSchema('billing').table('subscriptions').where({ user_id: userId });
    const row = (await (options.lock ? query.forUpdate() : query).first()) as
      CurrentSubscriptionRow | undefined;
    if (!row) return undefined;
    const plan = (await plans(db).where({ id: row.plan_id }).first()) as PlanRow;
    const scheduledPlan = row.scheduled_plan_id
      ? ((await plans(db).where({ id: row.scheduled_plan_id }).first()) as PlanRow)
      : null;
    return { row, plan, scheduledPlan } satisfies LoadedSubscription;
  },

  async findPlanById(db: Queryable, id: string): Promise<PlanRow | undefined> {
    return (await plans(db).where({ id }).first()) as PlanRow | undefined;
  },

  /** A page of subscriptions by user id, filtered by status and plan. */
  async list(
    db: Queryable,
    filter: { status?: string; planId?: string; after?: string; limit: number },
  ): Promise<CurrentSubscriptionRow[]> {
    const query = db.withSchema('billing').table('subscriptions').orderBy('user_id').limit(filter.limit);
    if (filter.status) void query.where({ status: filter.status });
    if (filter.planId) void query.where({ plan_id: filter.planId });
    if (filter.after) void query.where('user_id', '>', filter.after);
    return (await query) as CurrentSubscriptionRow[];
  },

  /** Paid subscriptions whose period ended a while ago: their lifecycle should have acted (a lost start). */
  async listOverdue(db: Queryable, before: Date, limit: number): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await db
      .withSchema('billing')
      .from('subscriptions')
      .join('plans', 'plans.id', 'subscriptions.plan_id')
      .whereIn('subscriptions.status', ['active', 'canceled'])
      .where('plans.price_cents', '>', 0)
      .where('subscriptions.current_period_end', '<', before)
      .limit(limit)
      .select('subscriptions.user_id');
    return rows.map((row) => row.user_id);
  },
};

/**
 * Every change of a subscription goes through here: the row (inserted if the
 * user has none), a history row and a `subscription.changed` event, in one
 * transaction guarded by the user's plan cache, so no replica serves the old
 * plan once it has committed.
 */
export async function writeSubscription(
  deps: BillingDeps,
  userId: string,
  change: SubscriptionChange,
  patch: SubscriptionPatch,
  inTransaction?: (trx: Transaction, before: LoadedSubscription | undefined) => Promise<void>,
): Promise<LoadedSubscription> {
  return deps.db.transaction(async (trx) => {
    await deps.cache.guardTransaction(trx, [subscriptionScope(userId)]);
    const before = await subscriptionStore.load(trx, userId, { lock: true });
    await inTransaction?.(trx, before);
    if (before) {
      await trx
        .withSchema('billing')
        .table('subscriptions')
        .where({ user_id: userId })
        .update({ ...patch, updated_at: trx.fn.now() });
    } else {
      await trx
        .withSchema('billing')
        .table('subscriptions')
        .insert({ user_id: userId, status: 'active', ...patch });
    }
    const after = (await subscriptionStore.load(trx, userId))!;
    await trx.withSchema('billing').table('subscription_history').insert({
      user_id: userId,
      plan_id: after.row.plan_id,
      status: after.row.status,
      change,
      period_start: after.row.current_period_start,
      period_end: after.row.current_period_end,
    });
    const event = newEvent(
      {
        case: 'subscriptionChanged',
        value: create(SubscriptionChangedSchema, {
          userId,
          planSlug: after.plan.slug,
          status: after.row.status,
          change,
          periodEnd: after.row.current_period_end
            ? timestampFromDate(after.row.current_period_end)
            : undefined,
        }),
      },
      userId,
    );
    await enqueueEvent(trx, 'billing', { topic: TOPICS.billingEvents, key: userId, event });
    return after;
  });
}

/** The state the workflow works with. */
export function subscriptionState(loaded: LoadedSubscription): SubscriptionState {
  const { row, plan } = loaded;
  return {
    userId: row.user_id,
    planId: plan.id,
    planSlug: plan.slug,
    priceCents: plan.price_cents,
    status: row.status,
    currentPeriodStart: row.current_period_start.toISOString(),
    currentPeriodEnd: (row.current_period_end ?? row.current_period_start).toISOString(),
    cancelAtPeriodEnd: row.cancel_at_period_end,
  };
}
