import type { PlanTerms } from '../plan-terms';
import type { PlanRow } from '../store';
import { applyPlan } from './apply-plan';
import { retirePlan } from './retire-plan';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

// Each test runs in a transaction that is rolled back: the shared database's plans stay as they were.
describe('applyPlan and retirePlan', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => ({ db: trx(), cache: NO_CACHE });
  const row = (slug: string) =>
    trx().withSchema('billing').table('plans').where({ slug }).first<PlanRow | undefined>();
  const terms = (slug: string, overrides: Partial<PlanTerms> = {}): PlanTerms => ({
    slug,
    name: 'Team',
    storageQuotaBytes: 8000n * 2n ** 50n,
    maxFileSizeBytes: 20n * 2n ** 30n,
    trashRetentionSeconds: 60 * 86_400,
    periodDays: 30,
    priceCents: 999,
    ...overrides,
  });

  it('creates a plan on sale, then reports an identical apply as unchanged', async () => {
    const created = await applyPlan({ deps: deps(), terms: terms('test-team'), makeDefault: false });
    expect(created.change).toBe('created');
    expect(await row('test-team')).toMatchObject({
      id: created.plan.id,
      storage_quota_bytes: (8000n * 2n ** 50n).toString(),
      is_default: false,
      retired_at: null,
    });
    const again = await applyPlan({ deps: deps(), terms: terms('test-team'), makeDefault: false });
    expect(again).toMatchObject({
      change: 'unchanged',
      retainedDefault: false,
      plan: { id: created.plan.id },
    });
  });

  it('updates changed terms in place', async () => {
    const { plan } = await applyPlan({ deps: deps(), terms: terms('test-solo'), makeDefault: false });
    const updated = await applyPlan({
      deps: deps(),
      terms: terms('test-solo', { priceCents: 450, name: 'Solo+' }),
      makeDefault: false,
    });
    expect(updated.change).toBe('updated');
    expect(await row('test-solo')).toMatchObject({ id: plan.id, price_cents: 450, name: 'Solo+' });
  });

  it('moves the default in one transaction and keeps it when the next apply does not claim it', async () => {
    await applyPlan({ deps: deps(), terms: terms('test-basic'), makeDefault: true });
    expect(await row('test-basic')).toMatchObject({ is_default: true });
    // The seeded free plan gave up the default.
    expect(await row('free')).toMatchObject({ is_default: false });

    const kept = await applyPlan({ deps: deps(), terms: terms('test-basic'), makeDefault: false });
    expect(kept).toMatchObject({ change: 'unchanged', retainedDefault: true, plan: { is_default: true } });
  });

  it('retires a plan, says whether it was the default, and sells it again when applied again', async () => {
    const { plan } = await applyPlan({ deps: deps(), terms: terms('test-comeback'), makeDefault: true });
    expect(await retirePlan({ deps: deps(), slug: 'test-comeback' })).toEqual({
      retired: true,
      wasDefault: true,
    });
    expect((await row('test-comeback'))!.retired_at).toBeInstanceOf(Date);
    expect(await retirePlan({ deps: deps(), slug: 'test-comeback' })).toEqual({
      retired: false,
      wasDefault: true,
    });

    const back = await applyPlan({
      deps: deps(),
      terms: terms('test-comeback', { priceCents: 123 }),
      makeDefault: false,
    });
    expect(back.change).toBe('unretired');
    expect(await row('test-comeback')).toMatchObject({ id: plan.id, retired_at: null, price_cents: 123 });
  });

  it('answers retired false for a plan it never had', async () => {
    expect(await retirePlan({ deps: deps(), slug: 'test-never-seen' })).toEqual({
      retired: false,
      wasDefault: false,
    });
  });

  it('refuses invalid terms with invalid_argument and writes nothing', async () => {
    await expect(
      applyPlan({ deps: deps(), terms: terms('test-bad', { periodDays: 0 }), makeDefault: false }),
    ).rejects.toMatchObject({ code: 'invalid_argument', fields: [{ field: 'periodDays' }] });
    expect(await row('test-bad')).toBeUndefined();
  });
});
