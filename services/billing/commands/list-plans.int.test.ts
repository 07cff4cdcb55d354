import { listPlans } from './list-plans';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('listPlans', () => {
  const { trx } = rolledBackTransactions();

  const plan = (slug: string, priceCents: number, retired = false) => ({
    slug,
    name: slug,
    storage_quota_bytes: 1024,
    max_file_size_bytes: 1024,
    trash_retention_seconds: 3600,
    period_days: 30,
    price_cents: priceCents,
    retired_at: retired ? trx().fn.now() : null,
  });

  it('lists the plans that are not retired, cheapest first', async () => {
    await trx()
      .withSchema('billing')
      .table('plans')
      .insert([plan('test-retired', 1, true), plan('test-premium', 99_999), plan('test-cheap', 250)]);

    const plans = await listPlans({ deps: { db: trx(), cache: NO_CACHE } });
    const slugs = plans.map((found) => found.slug);
    const prices = plans.map((found) => found.price_cents);

    expect(slugs).not.toContain('test-retired');
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(
      slugs.filter((slug) => ['free', 'test-cheap', 'plus', 'pro', 'test-premium'].includes(slug)),
    ).toEqual(['free', 'test-cheap', 'plus', 'pro', 'test-premium']);
  });
});
