import type { BillingDeps } from '../deps';
import { BILLING_ERRORS } from '../errors';
import { slugProblem } from '../plan-terms';
import { PLANS_SCOPE } from '../plan-cache';
import { billingStore } from '../store';

export interface RetiredPlan {
  /** False when there is no such plan (it never synced) or it was retired already. */
  retired: boolean;
  /** The plan is the default: new users still get it until another plan takes the default. */
  wasDefault: boolean;
}

/** Takes the plan off sale; its subscribers keep it (getUserPlan reads their plan, retired or not). */
export async function retirePlan(props: { deps: BillingDeps; slug: string }): Promise<RetiredPlan> {
  const problem = slugProblem(props.slug);
  if (problem) throw BILLING_ERRORS.invalidPlan([problem]);
  const { db, cache } = props.deps;
  const retired = await cache.write([PLANS_SCOPE], () => billingStore.retirePlanBySlug(db, props.slug));
  if (retired) return { retired: true, wasDefault: retired.is_default };
  const existing = await billingStore.findPlanBySlug(db, props.slug);
  return { retired: false, wasDefault: existing?.is_default ?? false };
}
