import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { testSubscriptionDeps } from '../testing/subscription-deps';
import { givenSubscription } from '../testing/subscriptions';
import { getSubscription } from './get-subscription';

const DAY_MS = 86_400_000;

describe('getSubscription', () => {
  const { trx } = rolledBackTransactions();
  const get = (userId: string) => getSubscription({ deps: testSubscriptionDeps(trx()), userId });

  it('shows a paid subscription with its next charge at the period end', async () => {
    const { userId, start, end } = await givenSubscription(trx(), 'plus', { scheduledSlug: 'free' });
    expect(await get(userId)).toMatchObject({
      plan: { slug: 'plus' },
      status: 'active',
      currentPeriodStart: start,
      currentPeriodEnd: end,
      scheduledPlan: { slug: 'free' },
      nextCharge: null, // the plan scheduled for the next period is free
    });
    const plain = await givenSubscription(trx(), 'pro');
    expect((await get(plain.userId)).nextCharge).toEqual({ amountCents: 1499, at: plain.end });
  });

  it('rolls a free plan’s period forward to the one containing now (it runs no workflow)', async () => {
    const start = new Date(Date.now() - 75 * DAY_MS);
    const { userId } = await givenSubscription(trx(), 'free', {
      start,
      end: new Date(start.getTime() + 30 * DAY_MS),
    });
    const view = await get(userId);
    expect(view.currentPeriodStart).toEqual(new Date(start.getTime() + 60 * DAY_MS));
    expect(view.currentPeriodEnd).toEqual(new Date(start.getTime() + 90 * DAY_MS));
    expect(view.nextCharge).toBeNull();
  });

  it('answers subscription_not_found for a user without one, invalid_argument for a bad id', async () => {
    await expect(get(randomUUID())).rejects.toMatchObject({ code: 'subscription_not_found' });
    await expect(get('nobody')).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
