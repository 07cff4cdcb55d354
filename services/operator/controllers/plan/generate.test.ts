import type { Plan } from '../../api/v1alpha1/types';
import { defaultPlanWinner, generatePlanConditions, generatePlanTerms } from './generate';

const plan = (
  name: string,
  spec: Partial<Plan['spec']> = {},
  metadata: Partial<Plan['metadata']> = {},
): Plan => ({
  apiVersion: 'streamhub.io/v1alpha1',
  kind: 'Plan',
  metadata: {
    name,
    namespace: 'streamhub',
    creationTimestamp: new Date('2026-01-01T00:00:00Z'),
    ...metadata,
  },
  spec: {
    displayName: 'Plus',
    storageQuota: '200Gi',
    maxFileSize: '10Gi',
    trashRetentionDays: 30,
    periodDays: 30,
    priceCents: 499,
    default: false,
    ...spec,
  },
});

describe('generatePlanTerms', () => {
  it("turns a Plan into the terms billing's ApplyPlan takes: slug from the name, exact bytes, days as seconds", () => {
    expect(generatePlanTerms(plan('plus'))).toEqual({
      slug: 'plus',
      name: 'Plus',
      storageQuotaBytes: 214748364800n,
      maxFileSizeBytes: 10737418240n,
      trashRetentionSeconds: 30 * 86_400,
      periodDays: 30,
      priceCents: 499,
    });
  });

  it('accepts plain byte counts and keeps quotas beyond 2^53 exact', () => {
    const terms = generatePlanTerms(plan('huge', { storageQuota: '8000Pi', maxFileSize: 1_048_576 }));
    expect(terms.storageQuotaBytes).toBe(8000n * 2n ** 50n);
    expect(terms.maxFileSizeBytes).toBe(1048576n);
  });

  it('refuses a quota that is not whole bytes', () => {
    expect(() => generatePlanTerms(plan('bad', { storageQuota: '10GB' }))).toThrow(/not a byte quantity/);
  });
});

describe('defaultPlanWinner', () => {
  it('gives the default to the oldest Plan claiming it, then the first by name', () => {
    const older = plan('zeta', { default: true }, { creationTimestamp: new Date('2025-01-01T00:00:00Z') });
    const a = plan('alpha', { default: true });
    const b = plan('beta', { default: true });
    expect(defaultPlanWinner([a, b, older])).toBe('zeta');
    expect(defaultPlanWinner([b, a])).toBe('alpha');
  });

  it('ignores Plans that do not claim it or are being deleted', () => {
    const leaving = plan('alpha', { default: true }, { deletionTimestamp: new Date() });
    expect(defaultPlanWinner([leaving, plan('beta'), plan('gamma', { default: true })])).toBe('gamma');
    expect(defaultPlanWinner([plan('beta')])).toBeUndefined();
  });
});

describe('generatePlanConditions', () => {
  it('is Ready when billing sells the plan on its terms', () => {
    expect(generatePlanConditions({ kind: 'synced', slug: 'plus', retainedDefault: false })).toEqual([
      expect.objectContaining({ type: 'PlanSynced', status: 'True', reason: 'PlanSynced' }),
      expect.objectContaining({ type: 'Ready', status: 'True', reason: 'PlanReady' }),
    ]);
  });

  it('names the older Plan in a default conflict and is not Ready', () => {
    const [synced, ready] = generatePlanConditions({ kind: 'defaultConflict', winner: 'free' });
    expect(synced).toMatchObject({ status: 'False', reason: 'DefaultConflict' });
    expect(synced!.message).toContain('Plan free also claims default');
    expect(ready).toMatchObject({ status: 'False', reason: 'PlanNotReady' });
    expect(ready!.message).toContain('PlanSynced: Plan free');
  });

  it('reports an invalid spec with its own reason', () => {
    expect(generatePlanConditions({ kind: 'invalidSpec', message: 'bad quota' })[0]).toMatchObject({
      status: 'False',
      reason: 'InvalidSpec',
      message: 'bad quota',
    });
  });
});
