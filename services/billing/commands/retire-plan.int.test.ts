import type { PlanRow } from '../store';
import { applyPlan } from './apply-plan';
import { retirePlan } from './retire-plan';
import { NO_CACHE } from '../../internal/cache/guarded-cache';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

// Each test runs in a transaction that is rolled back: the shared database's plans stay as they were.
describe('retirePlan', () => {
  const { trx } = rolledBackTransactions();

  const deps = () => ({ db: trx(), cache: NO_CACHE });
  const row = (slug: string) =>
    trx().withSchema('billing').table('plans').where({ slug }).first<PlanRow | undefined>();
  const onSale = (slug: string, makeDefault = false) =>
    applyPlan({
      deps: deps(),
      terms: {
        slug,
        name: 'Retiring',
        storageQuotaBytes: 2n ** 30n,
        maxFileSizeBytes: 2n ** 20n,
        trashRetentionSeconds: 86_400,
        periodDays: 30,
        priceCents: 100,
      },
      makeDefault,
    });

  it('takes a plan off sale, keeps its row and reports it was not the default', async () => {
    const { plan } = await onSale('test-retire-me');
    expect(await retirePlan({ deps: deps(), slug: 'test-retire-me' })).toEqual({
      retired: true,
      wasDefault: false,
    });
    const retired = await row('test-retire-me');
    expect(retired).toMatchObject({ id: plan.id, is_default: false });
    expect(retired!.retired_at).toBeInstanceOf(Date);
  });

  it('says a retired default plan was the default, and that a second retire changed nothing', async () => {
    await onSale('test-retire-default', true);
    expect(await retirePlan({ deps: deps(), slug: 'test-retire-default' })).toEqual({
      retired: true,
      wasDefault: true,
    });
    const firstRetiredAt = (await row('test-retire-default'))!.retired_at;
    expect(await retirePlan({ deps: deps(), slug: 'test-retire-default' })).toEqual({
      retired: false,
      wasDefault: true,
    });
    // The second retire leaves the first retirement time alone.
    expect((await row('test-retire-default'))!.retired_at).toEqual(firstRetiredAt);
  });

  it('answers retired false for a plan it never had, and creates none', async () => {
    expect(await retirePlan({ deps: deps(), slug: 'test-retire-unknown' })).toEqual({
      retired: false,
      wasDefault: false,
    });
    expect(await row('test-retire-unknown')).toBeUndefined();
  });

  it('refuses an invalid slug with invalid_argument naming the slug', async () => {
    await expect(retirePlan({ deps: deps(), slug: 'Not A Slug!' })).rejects.toMatchObject({
      code: 'invalid_argument',
      fields: [{ field: 'slug' }],
    });
  });
});
