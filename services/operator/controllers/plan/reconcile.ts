import type { Database } from '../../../internal/db';
import type { Logger } from '../../../internal/logger';
import { PLAN_FINALIZER, type Plan } from '../../api/v1alpha1/types';
import { mergeConditions } from '../../framework/conditions';
import type { ReconcileRequest } from '../../framework/controller';
import type { CustomResources } from '../../framework/custom-resources';
import type { EventRecorder } from '../../framework/events';
import { defaultPlanWinner, generatePlanConditions, generatePlanRow, type PlanOutcome } from './generate';
import { retirePlan, upsertPlan } from './plan-store';
import { QuantityError } from './quantity';

export interface PlanReconcilerDeps {
  db: Database;
  plans: CustomResources<Plan>;
  events: EventRecorder;
  logger: Logger;
  now?: () => Date;
}

/** Brings billing.plans in line with one Plan; see docs/operator.md for the rules. */
export async function reconcilePlan(
  deps: PlanReconcilerDeps,
  request: ReconcileRequest<Plan>,
): Promise<void> {
  let plan = request.object;
  // Gone from the cache: its finalizer already ran (we never let a Plan go without it).
  if (!plan) return;

  if (plan.metadata.deletionTimestamp) return finalizePlan(deps, plan);

  const finalizers = plan.metadata.finalizers ?? [];
  if (!finalizers.includes(PLAN_FINALIZER))
    plan = await deps.plans.setFinalizers(plan, [...finalizers, PLAN_FINALIZER]);

  const outcome = await syncPlan(deps, plan, request.cache.list(plan.metadata.namespace));
  await deps.plans.applyStatus(plan, {
    observedGeneration: plan.metadata.generation,
    planId: outcome.planId,
    conditions: mergeConditions(plan.status?.conditions, generatePlanConditions(outcome.outcome), {
      now: (deps.now ?? (() => new Date()))(),
      observedGeneration: plan.metadata.generation ?? 0,
    }),
  });
  // A database error is worth retrying; an invalid spec or a conflict waits for someone to edit a Plan.
  if (outcome.outcome.kind === 'databaseError') throw new Error(outcome.outcome.message);
}

async function syncPlan(
  deps: PlanReconcilerDeps,
  plan: Plan,
  siblings: readonly Plan[],
): Promise<{ outcome: PlanOutcome; planId?: string }> {
  let row;
  try {
    row = generatePlanRow(plan);
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    await deps.events.record(plan, 'Warning', 'InvalidSpec', error.message);
    return { outcome: { kind: 'invalidSpec', message: error.message }, planId: plan.status?.planId };
  }

  const winner = plan.spec.default ? defaultPlanWinner(siblings) : undefined;
  const conflict = winner !== undefined && winner !== plan.metadata.name;
  let upserted;
  try {
    upserted = await upsertPlan(deps.db, row, plan.spec.default === true && !conflict);
  } catch (error) {
    const message = `could not write billing.plans: ${(error as Error).message}`;
    await deps.events.record(plan, 'Warning', 'DatabaseError', message);
    return { outcome: { kind: 'databaseError', message }, planId: plan.status?.planId };
  }

  if (upserted.change !== 'unchanged') {
    const verb = { created: 'Created', updated: 'Updated', unretired: 'Unretired' }[upserted.change];
    await deps.events.record(plan, 'Normal', verb, `${verb.toLowerCase()} billing.plans row ${row.slug}`);
  }
  if (conflict) {
    await deps.events.record(
      plan,
      'Warning',
      'DefaultConflict',
      `Plan ${winner} also claims default and is older; this plan is not the default`,
    );
    return { outcome: { kind: 'defaultConflict', winner }, planId: upserted.id };
  }
  return {
    outcome: { kind: 'synced', slug: row.slug, retainedDefault: upserted.retainedDefault },
    planId: upserted.id,
  };
}

async function finalizePlan(deps: PlanReconcilerDeps, plan: Plan): Promise<void> {
  const finalizers = plan.metadata.finalizers ?? [];
  if (!finalizers.includes(PLAN_FINALIZER)) return;
  const result = await retirePlan(deps.db, plan.metadata.name);
  if (result.retired)
    await deps.events.record(
      plan,
      'Normal',
      'Retired',
      `retired billing.plans row ${plan.metadata.name}: no longer sold, existing subscriptions keep it`,
    );
  if (result.wasDefault)
    await deps.events.record(
      plan,
      'Warning',
      'RetiredDefaultPlan',
      `${plan.metadata.name} is still the default plan new users get: set default: true on another Plan`,
    );
  await deps.plans.setFinalizers(
    plan,
    finalizers.filter((finalizer) => finalizer !== PLAN_FINALIZER),
  );
}
