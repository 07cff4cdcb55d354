import type { Database, Transaction } from '../internal/db';

export interface PlanRow {
  id: string;
  slug: string;
  name: string;
  /** int8 columns arrive from pg as strings: they can exceed 2^53. */
  storage_quota_bytes: string;
  max_file_size_bytes: string;
  trash_retention_seconds: number;
  period_days: number;
  price_cents: number;
  is_default: boolean;
  retired_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type SubscriptionStatus = 'active' | 'canceled' | 'expired';

export interface SubscriptionRow {
  user_id: string;
  plan_id: string;
  status: SubscriptionStatus;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  created_at: Date;
  updated_at: Date;
}

type Queryable = Database | Transaction;

const plans = (db: Queryable) => db.withSchema('billing').table<PlanRow>('plans');

export const billingStore = {
  /** Plans on sale, cheapest first; equal prices put the smaller quota first. */
  async listCurrentPlans(db: Queryable): Promise<PlanRow[]> {
    return plans(db)
      .whereNull('retired_at')
      .orderBy([{ column: 'price_cents' }, { column: 'storage_quota_bytes' }, { column: 'slug' }]);
  },

  async findDefaultPlan(db: Queryable): Promise<PlanRow | undefined> {
    return (await plans(db).where({ is_default: true }).first()) as PlanRow | undefined;
  },

  /** The plan of the user's active subscription, retired or not: a subscriber keeps what they bought. */
  async findActiveSubscriptionPlan(db: Queryable, userId: string): Promise<PlanRow | undefined> {
    return db
      .withSchema('billing')
      .from('plans')
      .join('subscriptions', 'subscriptions.plan_id', 'plans.id')
      .where({ 'subscriptions.user_id': userId, 'subscriptions.status': 'active' })
      .first<PlanRow | undefined>('plans.*');
  },

  /**
   * Starts an active subscription whose first period ends `periodDays` from
   * now (database clock); returns false, changing nothing, when the user
   * already has one.
   */
  async insertSubscriptionIfAbsent(
    db: Queryable,
    subscription: { userId: string; planId: string; periodDays: number },
  ): Promise<boolean> {
    const inserted = await db
      .withSchema('billing')
      .table('subscriptions')
      .insert({
        user_id: subscription.userId,
        plan_id: subscription.planId,
        status: 'active' satisfies SubscriptionStatus,
        current_period_end: db.raw('now() + make_interval(days => ?)', [subscription.periodDays]),
      })
      .onConflict('user_id')
      .ignore()
      .returning('user_id');
    return inserted.length > 0;
  },
};
