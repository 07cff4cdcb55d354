import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { changesOf, givenSubscription, paymentsOf, planIdOf } from '../testing/subscriptions';
import { changeSubscriptionPlan, proratedUpgradeCents } from './change-subscription-plan';

const DAY_MS = 86_400_000;

describe('changeSubscriptionPlan', () => {
  const { trx } = rolledBackTransactions();
  const change = async (userId: string, slug: string, failUsers = '') =>
    changeSubscriptionPlan({
      deps: testSubscriptionDeps(trx(), { env: { PAYMENTS_TEST_FAIL_USERS: failUsers } }),
      userId,
      planId: await planIdOf(trx(), slug),
      requestId: randomUUID(),
    });

  it('upgrades at once, charging the difference for the 20 days left of 30', async () => {
    const { userId } = await givenSubscription(trx(), 'plus');
    expect(await change(userId, 'pro')).toMatchObject({
      planSlug: 'pro',
      priceCents: 1499,
      status: 'active',
    });
    const [payment] = await paymentsOf(trx(), userId);
    // (1499 - 499) × 20/30 = 666.67, rounded up; the test ran a moment later, so at most that.
    expect(payment!.amount_cents).toBeGreaterThan(660);
    expect(payment!.amount_cents).toBeLessThanOrEqual(667);
    expect(await changesOf(trx(), userId)).toEqual(['upgraded']);
  });

  it('changes nothing when the upgrade charge is declined', async () => {
    const { userId } = await givenSubscription(trx(), 'plus');
    await expect(change(userId, 'pro', userId)).rejects.toMatchObject({ code: 'payment_failed' });
    expect(await changesOf(trx(), userId)).toEqual([]);
    expect((await paymentsOf(trx(), userId)).map((payment) => payment.outcome)).toEqual(['failed']);
  });

  it('schedules a cheaper plan for the period end, and the current plan again drops it', async () => {
    const { userId } = await givenSubscription(trx(), 'pro');
    expect(await change(userId, 'plus')).toMatchObject({ planSlug: 'pro' });
    expect((await trx()('billing.subscriptions').where({ user_id: userId }).first()).scheduled_plan_id).toBe(
      await planIdOf(trx(), 'plus'),
    );
    await change(userId, 'pro');
    expect(
      (await trx()('billing.subscriptions').where({ user_id: userId }).first()).scheduled_plan_id,
    ).toBeNull();
    expect(await changesOf(trx(), userId)).toEqual(['downgrade_scheduled', 'resumed']);
    expect(await paymentsOf(trx(), userId)).toEqual([]);
  });

  it('resumes a canceled subscription with its own plan', async () => {
    const { userId } = await givenSubscription(trx(), 'plus', {
      status: 'canceled',
      cancelAtPeriodEnd: true,
    });
    expect(await change(userId, 'plus')).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
  });

  it('refuses a retired plan, and any change while past due', async () => {
    const { userId } = await givenSubscription(trx(), 'plus');
    await trx()('billing.plans').where({ slug: 'pro' }).update({ retired_at: new Date() });
    await expect(change(userId, 'pro')).rejects.toMatchObject({ code: 'plan_retired' });
    const pastDue = await givenSubscription(trx(), 'plus', { status: 'past_due' });
    await expect(change(pastDue.userId, 'free')).rejects.toMatchObject({ code: 'subscription_past_due' });
  });

  it('prorates by the time left, never more than a whole period', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const loaded = (end: Date) =>
      ({ row: { current_period_end: end }, plan: { price_cents: 500 } }) as Parameters<
        typeof proratedUpgradeCents
      >[0];
    expect(proratedUpgradeCents(loaded(new Date(now.getTime() + 15 * DAY_MS)), 1500, 30 * DAY_MS, now)).toBe(
      500,
    );
    expect(proratedUpgradeCents(loaded(new Date(now.getTime() + 60 * DAY_MS)), 1500, 30 * DAY_MS, now)).toBe(
      1000,
    );
    expect(proratedUpgradeCents(loaded(new Date(now.getTime() - DAY_MS)), 1500, 30 * DAY_MS, now)).toBe(0);
  });
});
