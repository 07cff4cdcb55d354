import { randomUUID } from 'node:crypto';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { deleteBillingAccount } from './delete-billing-account';

// In a rolled-back transaction: the user's subscription, history, payments
// and test-provider outcome, and another user's, side by side.
describe('deleteBillingAccount', () => {
  const { trx } = rolledBackTransactions();

  async function billingRows(userId: string, planId: string) {
    const billing = trx().withSchema('billing');
    await billing.table('subscriptions').insert({ user_id: userId, plan_id: planId });
    await billing.table('subscription_history').insert({
      user_id: userId,
      plan_id: planId,
      status: 'active',
      change: 'subscribed',
      period_start: new Date(),
    });
    await trx().withSchema('billing').table('payments').insert({
      idempotency_key: randomUUID(),
      user_id: userId,
      plan_id: planId,
      amount_cents: 499,
      period_start: new Date(),
      period_end: new Date(),
      outcome: 'succeeded',
    });
    await trx()
      .withSchema('billing')
      .table('test_payment_outcomes')
      .insert({ user_id: userId, outcome: 'fail' });
  }

  const rowsOf = async (userId: string) => {
    const counts: Record<string, number> = {};
    for (const table of ['subscriptions', 'subscription_history', 'payments', 'test_payment_outcomes'])
      counts[table] = (await trx().withSchema('billing').table(table).where({ user_id: userId })).length;
    return counts;
  };

  it("deletes every billing row of the user and none of anyone else's; again, nothing", async () => {
    const plan = await trx()
      .withSchema('billing')
      .table('plans')
      .where({ slug: 'plus' })
      .first<{ id: string }>();
    const [userId, otherId] = [randomUUID(), randomUUID()];
    await billingRows(userId, plan.id);
    await billingRows(otherId, plan.id);
    const deps = { db: trx(), cache: NO_CACHE };

    expect(await deleteBillingAccount({ deps, userId })).toBe(4);
    expect(await rowsOf(userId)).toEqual({
      subscriptions: 0,
      subscription_history: 0,
      payments: 0,
      test_payment_outcomes: 0,
    });
    expect(await rowsOf(otherId)).toEqual({
      subscriptions: 1,
      subscription_history: 1,
      payments: 1,
      test_payment_outcomes: 1,
    });
    expect(await deleteBillingAccount({ deps, userId })).toBe(0);
  });
});
