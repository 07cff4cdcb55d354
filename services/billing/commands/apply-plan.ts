import type { BillingDeps } from '../deps';
import { planValuesFrom, type PlanTerms } from '../plan-terms';
import { PLANS_SCOPE } from '../plan-cache';
import { billingStore, type PlanRow, type PlanValues } from '../store';

export type PlanChange = 'created' | 'updated' | 'unretired' | 'unchanged';

export interface AppliedPlan {
  plan: PlanRow;
  change: PlanChange;
  /** The plan stays the default although makeDefault was false (see below). */
  retainedDefault: boolean;
}

const COMPARED: Array<keyof PlanValues> = [
  'name',
  'storage_quota_bytes',
  'max_file_size_bytes',
  'trash_retention_seconds',
  'period_days',
  'price_cents',
];

/**
 * Creates or updates the plan by slug and puts it on sale (a retired plan
 * applied again is sold again). With `makeDefault`, the default moves to this
 * plan in the same transaction (the table allows one default). The default is
 * only ever moved, never removed: a plan applied without it stays the default
 * until another plan takes it, because new signups need one. Which of several
 * claimants should be the default is the caller's decision (the operator
 * knows the Plan resources; billing knows only rows).
 */
export async function applyPlan(props: {
  deps: BillingDeps;
  terms: PlanTerms;
  makeDefault: boolean;
}): Promise<AppliedPlan> {
  const values = planValuesFrom(props.terms);
  const { makeDefault } = props;
  return props.deps.db.transaction(async (trx) => {
    // Any user's plan may be this one, or the default that moves here.
    await props.deps.cache.guardTransaction(trx, [PLANS_SCOPE]);
    const existing = await billingStore.findPlanBySlugForUpdate(trx, values.slug);
    if (makeDefault && !existing?.is_default) await billingStore.clearDefaultExcept(trx, values.slug);
    if (!existing) {
      const plan = await billingStore.insertPlan(trx, { ...values, is_default: makeDefault });
      return { plan, change: 'created', retainedDefault: false };
    }
    const differs = COMPARED.some((column) => String(existing[column]) !== String(values[column]));
    const becomesDefault = makeDefault && !existing.is_default;
    const retainedDefault = existing.is_default && !makeDefault;
    if (!differs && !becomesDefault && !existing.retired_at)
      return { plan: existing, change: 'unchanged', retainedDefault };
    const plan = await billingStore.updatePlan(trx, existing.id, {
      ...values,
      is_default: existing.is_default || makeDefault,
    });
    return { plan, change: existing.retired_at ? 'unretired' : 'updated', retainedDefault };
  });
}
