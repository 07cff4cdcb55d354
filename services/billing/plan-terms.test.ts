import { AppError } from '../internal/errors';
import { planValuesFrom, type PlanTerms } from './plan-terms';

const terms = (overrides: Partial<PlanTerms> = {}): PlanTerms => ({
  slug: 'team',
  name: 'Team',
  storageQuotaBytes: 8000n * 2n ** 50n,
  maxFileSizeBytes: 20n * 2n ** 30n,
  trashRetentionSeconds: 86_400,
  periodDays: 30,
  priceCents: 999,
  ...overrides,
});

function problemsOf(bad: PlanTerms) {
  try {
    planValuesFrom(bad);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_argument');
    return (error as AppError).fields.map((problem) => problem.field);
  }
  throw new Error('the terms were accepted');
}

describe('planValuesFrom', () => {
  it('writes byte sizes as exact decimal strings for the int8 columns', () => {
    expect(planValuesFrom(terms())).toEqual({
      slug: 'team',
      name: 'Team',
      storage_quota_bytes: '9007199254740992000',
      max_file_size_bytes: '21474836480',
      trash_retention_seconds: 86_400,
      period_days: 30,
      price_cents: 999,
    });
  });

  it('names every field that is out of range', () => {
    expect(
      problemsOf(
        terms({
          slug: 'Not A Name',
          name: ' ',
          storageQuotaBytes: -1n,
          maxFileSizeBytes: 0n,
          trashRetentionSeconds: -1,
          periodDays: 0,
          priceCents: -5,
        }),
      ),
    ).toEqual([
      'slug',
      'name',
      'storageQuotaBytes',
      'maxFileSizeBytes',
      'trashRetentionSeconds',
      'periodDays',
      'priceCents',
    ]);
  });

  it('refuses sizes beyond what an int8 column holds', () => {
    expect(problemsOf(terms({ storageQuotaBytes: 1n << 63n }))).toEqual(['storageQuotaBytes']);
  });
});
