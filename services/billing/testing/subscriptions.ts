import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { SubscriptionStatus } from '../../../workflows/subscription/contract';

const DAY_MS = 86_400_000;

/** A plan's id by slug (the seeded free, plus and pro). */
export async function planIdOf(db: Knex, slug: string): Promise<string> {
  return (await db('billing.plans').where({ slug }).first<{ id: string }>('id')).id;
}

/**
 * Writes a subscription row directly, as a test's starting point: by default
 * a new user on `slug`, active, 10 days into a 30-day period.
 */
export async function givenSubscription(
  db: Knex,
  slug: string,
  fields: {
    userId?: string;
    status?: SubscriptionStatus;
    start?: Date;
    end?: Date;
    cancelAtPeriodEnd?: boolean;
    scheduledSlug?: string;
  } = {},
): Promise<{ userId: string; start: Date; end: Date }> {
  const userId = fields.userId ?? randomUUID();
  const start = fields.start ?? new Date(Date.now() - 10 * DAY_MS);
  const end = fields.end ?? new Date(start.getTime() + 30 * DAY_MS);
  await db('billing.subscriptions').insert({
    user_id: userId,
    plan_id: await planIdOf(db, slug),
    status: fields.status ?? 'active',
    current_period_start: start,
    current_period_end: end,
    cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
    scheduled_plan_id: fields.scheduledSlug ? await planIdOf(db, fields.scheduledSlug) : null,
  });
  return { userId, start, end };
}

export const paymentsOf = (db: Knex, userId: string) =>
  db('billing.payments').where({ user_id: userId }).orderBy('attempted_at') as Promise<
    Array<{ amount_cents: number; outcome: string; idempotency_key: string }>
  >;

export const changesOf = async (db: Knex, userId: string) =>
  (
    (await db('billing.subscription_history').where({ user_id: userId }).orderBy('id')) as Array<{
      change: string;
    }>
  ).map((row) => row.change);
