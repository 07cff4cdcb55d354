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

/** The terms of a plan, as written by ApplyPlan (int8 columns as decimal strings). */
export type PlanValues = Pick<
  PlanRow,
  | 'slug'
  | 'name'
  | 'storage_quota_bytes'
  | 'max_file_size_bytes'
  | 'trash_retention_seconds'
  | 'period_days'
  | 'price_cents'
>;

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

  /** The plan with this slug, locked until the transaction ends, retired or not. */
  async findPlanBySlugForUpdate(trx: Transaction, slug: string): Promise<PlanRow | undefined> {
    return (await plans(trx).where({ slug }).forUpdate().first()) as PlanRow | undefined;
  },

  async insertPlan(db: Queryable, values: PlanValues & { is_default: boolean }): Promise<PlanRow> {
    const [inserted] = await plans(db).insert(values).returning('*');
    return inserted as PlanRow;
  },

  /** Overwrites the plan's terms and default flag and puts it on sale. */
  async updatePlan(
    db: Queryable,
    id: string,
    values: PlanValues & { is_default: boolean },
  ): Promise<PlanRow> {
    const [updated] = await plans(db)
      .where({ id })
      .update({ ...values, retired_at: null, updated_at: db.fn.now() })
      .returning('*');
    return updated as PlanRow;
  },

  /** Takes the default from every plan but this one (the table allows one default). */
  async clearDefaultExcept(db: Queryable, slug: string): Promise<void> {
    await plans(db).where({ is_default: true }).whereNot({ slug }).update({ is_default: false });
  },

  /** Retires the plan if it is on sale; undefined when there is no such plan on sale. */
  async retirePlanBySlug(db: Queryable, slug: string): Promise<PlanRow | undefined> {
    const [retired] = await plans(db)
      .where({ slug })
      .whereNull('retired_at')
      .update({ retired_at: db.fn.now(), updated_at: db.fn.now() })
      .returning('*');
    return retired;
  },

  async findPlanBySlug(db: Queryable, slug: string): Promise<PlanRow | undefined> {
    return (await plans(db).where({ slug }).first()) as PlanRow | undefined;
  },

  /** The plan of the user's unexpired subscription, retired or not: a subscriber keeps what they bought. */
  async findActiveSubscriptionPlan(db: Queryable, userId: string): Promise<PlanRow | undefined> {
    return (
      db
        .withSchema('billing')
        .from('plans')
        .join('subscriptions', 'subscriptions.plan_id', 'plans.id')
        .where({ 'subscriptions.user_id': userId })
        // Past due (in its grace period) or canceled (until the period end): still paid for.
        .whereIn('subscriptions.status', ['active', 'past_due', 'canceled'])
        .first<PlanRow | undefined>('plans.*')
    );
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
